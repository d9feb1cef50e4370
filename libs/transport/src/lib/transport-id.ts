/** The transport id Nest's processing hooks and `@MessagePattern(..., transport)` see. */
export const HOTPATH_TRANSPORT = Symbol.for('hotpath.transport');

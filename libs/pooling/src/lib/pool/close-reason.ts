/** Why a pool closed a connection (the second argument of its `remove` event). */
export type CloseReason = 'idle' | 'lifetime' | 'error' | 'validation' | 'ended';

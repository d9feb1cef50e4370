/**
 * What {@link SequenceTracker.observe} concluded about one message: the `first` seen from its
 * origin, the `next` one in order, or a `gap` (at least one message of that origin was lost, or
 * arrived out of order).
 */
export type SequenceVerdict = 'first' | 'next' | 'gap';

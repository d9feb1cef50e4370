/** `tinylfu`: adaptive W-TinyLFU (the default). `lru`: plain least-recently-used. */
export type EvictionPolicyName = 'tinylfu' | 'lru';

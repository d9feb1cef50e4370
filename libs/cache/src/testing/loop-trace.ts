/** `length` accesses cycling over `cycle` distinct keys in order: LRU's worst case once cycle > capacity. */
export function loopTrace(length: number, cycle: number): string[] {
  return Array.from({ length }, (_, i) => `loop-${i % cycle}`);
}

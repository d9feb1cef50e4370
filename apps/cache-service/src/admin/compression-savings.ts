/** Bytes the HTTP compression saved in this instance, fed by the compression hook. */
export class CompressionSavings {
  responses = 0;
  originalBytes = 0;
  compressedBytes = 0;

  add(info: { originalBytes: number; compressedBytes: number }): void {
    this.responses++;
    this.originalBytes += info.originalBytes;
    this.compressedBytes += info.compressedBytes;
  }

  get savedBytes(): number {
    return this.originalBytes - this.compressedBytes;
  }
}

/** How the keys of a namespace are laid out in Redis; pass the same value to every call of that namespace. */
export interface L2KeyOptions {
  /**
   * Put every entry of the namespace in one cluster slot (one MGET for any batch, but one node
   * holds the whole namespace). Default false: each key gets a slot of its own. See `L2Keys`.
   */
  hashTag?: boolean;
}

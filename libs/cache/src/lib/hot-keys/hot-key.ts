/** A resident key and its current sketch frequency (0–16). */
export interface HotKey {
  key: string;
  frequency: number;
}

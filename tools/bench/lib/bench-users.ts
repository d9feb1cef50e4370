/** The value every cache section stores: a small user record, as a session or profile cache holds. */
export interface User {
  id: number;
  name: string;
  plan: string;
}

/** How many keys the hit sections keep resident. */
export const USER_COUNT = 10_000;

/** The hit sections' data set: `user:<i>` → its record, the same for every subject. */
export function benchUsers(): { keys: string[]; users: User[] } {
  const keys = Array.from({ length: USER_COUNT }, (_, i) => `user:${i}`);
  const users = keys.map((_, i): User => ({ id: i, name: `user-${i}`, plan: 'pro' }));
  return { keys, users };
}

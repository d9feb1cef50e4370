import { taskClock } from './task-clock';

describe('taskClock', () => {
  it('reads the real clock again once the task has ended', async () => {
    const first = taskClock();
    const deadline = Date.now() + 5;
    while (Date.now() < deadline) {
      // The clock moves on; within this task the cached value may stay behind.
    }
    await new Promise((resolve) => setImmediate(resolve));
    expect(taskClock()).toBeGreaterThanOrEqual(first + 5);
  });

  it('is never more than 256 reads behind, even in one long task', () => {
    taskClock();
    const deadline = Date.now() + 5;
    while (Date.now() < deadline) {
      // Burn time without yielding.
    }
    let latest = 0;
    for (let i = 0; i < 256; i++) latest = taskClock();
    expect(latest).toBeGreaterThanOrEqual(deadline);
  });
});

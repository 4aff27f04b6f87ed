import { describe, expect, it } from 'vitest';
import { LoginThrottle } from './login-throttle.js';

function throttle(options: { maxEntries?: number } = {}) {
  const clock = { now: 1_000_000 };
  const t = new LoginThrottle({
    maxFailures: 3,
    windowMs: 10_000,
    lockoutMs: 30_000,
    now: () => clock.now,
    ...options,
  });
  return { t, clock };
}

describe('LoginThrottle', () => {
  it('locks a user+address out after N failures within the window, with a generic 28000', () => {
    const { t } = throttle();
    t.recordFailure('alice', '10.0.0.1');
    t.recordFailure('alice', '10.0.0.1');
    expect(() => t.check('alice', '10.0.0.1')).not.toThrow();
    t.recordFailure('alice', '10.0.0.1');
    expect(() => t.check('alice', '10.0.0.1')).toThrow(
      expect.objectContaining({
        code: '28000',
        message: 'too many failed authentication attempts for user "alice"',
        severity: 'FATAL',
      }),
    );
  });

  it('keeps users and addresses apart', () => {
    const { t } = throttle();
    for (let i = 0; i < 3; i++) t.recordFailure('alice', '10.0.0.1');
    expect(t.isLocked('alice', '10.0.0.1')).toBe(true);
    expect(t.isLocked('alice', '10.0.0.2')).toBe(false);
    expect(t.isLocked('bob', '10.0.0.1')).toBe(false);
    expect(t.isLocked('alice', undefined)).toBe(false);
  });

  it('forgets failures older than the window', () => {
    const { t, clock } = throttle();
    t.recordFailure('alice', '10.0.0.1');
    t.recordFailure('alice', '10.0.0.1');
    clock.now += 10_001;
    t.recordFailure('alice', '10.0.0.1');
    expect(t.isLocked('alice', '10.0.0.1')).toBe(false);
    t.recordFailure('alice', '10.0.0.1');
    t.recordFailure('alice', '10.0.0.1');
    expect(t.isLocked('alice', '10.0.0.1')).toBe(true);
  });

  it('lifts the lockout after the cooldown, and starts counting afresh', () => {
    const { t, clock } = throttle();
    for (let i = 0; i < 3; i++) t.recordFailure('alice', '10.0.0.1');
    clock.now += 29_999;
    expect(t.isLocked('alice', '10.0.0.1')).toBe(true);
    clock.now += 1;
    expect(t.isLocked('alice', '10.0.0.1')).toBe(false);
    t.recordFailure('alice', '10.0.0.1');
    expect(t.isLocked('alice', '10.0.0.1')).toBe(false);
  });

  it('clears the count on success', () => {
    const { t } = throttle();
    t.recordFailure('alice', '10.0.0.1');
    t.recordFailure('alice', '10.0.0.1');
    t.recordSuccess('alice', '10.0.0.1');
    t.recordFailure('alice', '10.0.0.1');
    t.recordFailure('alice', '10.0.0.1');
    expect(t.isLocked('alice', '10.0.0.1')).toBe(false);
    expect(t.size).toBe(1);
  });

  it('bounds its memory: expired entries go first, then the least recently failed', () => {
    const { t, clock } = throttle({ maxEntries: 3 });
    for (let i = 0; i < 3; i++) t.recordFailure('alice', '10.0.0.1'); // locked
    t.recordFailure('u1', '10.0.0.2');
    t.recordFailure('u2', '10.0.0.3');
    expect(t.size).toBe(3);
    clock.now += 10_001; // u1, u2 expired; alice still locked
    t.recordFailure('u3', '10.0.0.4');
    expect(t.size).toBe(2);
    expect(t.isLocked('alice', '10.0.0.1')).toBe(true);
    t.recordFailure('u4', '10.0.0.5');
    t.recordFailure('u5', '10.0.0.6'); // full of live entries: alice (oldest) is evicted
    expect(t.size).toBe(3);
    expect(t.isLocked('alice', '10.0.0.1')).toBe(false);
  });
});

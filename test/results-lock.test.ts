/**
 * Locks (issue 9, defect 8): taking over a stale lock is atomic. Two takers
 * of one stale lock are raced deterministically: the first is paused between
 * reading the stale lock and taking it over (the beforeTakeover hook) while the
 * second takes it over whole; the first must then lose, not remove the new
 * owner's lock. (The old read-unlink-recreate let both win.)
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { acquireLock, LockedError } from '../src/results/lock.js';
import { tempDir } from './run-helpers.js';

const DEAD = 999_999_901;
const LIVE_A = 1001;
const LIVE_B = 1002;
/** A and B are "running"; DEAD is gone. */
const isAlive = (pid: number) => pid === LIVE_A || pid === LIVE_B;

describe('lock takeover', () => {
  it('two processes taking over one stale lock: exactly one wins', () => {
    const dir = tempDir('lock');
    const lock = join(dir, '.exp.lock');
    writeFileSync(lock, `${DEAD}\n`);
    let releaseB: (() => void) | undefined;
    const takeA = () => acquireLock(lock, 'exp', {
      pid: LIVE_A, isAlive,
      // A has read the stale lock; before it acts, B takes the same stale lock over.
      beforeTakeover: () => {
        if (!releaseB) releaseB = acquireLock(lock, 'exp', { pid: LIVE_B, isAlive });
      },
    });
    expect(takeA).toThrow(LockedError);
    expect(takeA).toThrow(/exp is being run by another trainspec process \(pid 1002\)/);
    expect(releaseB).toBeTypeOf('function');
    expect(readFileSync(lock, 'utf8')).toMatch(/^1002 1002-[0-9a-f]{12}\n$/);
    expect(readdirSync(dir)).toEqual(['.exp.lock']);
    releaseB!();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a stale lock is taken over; a live owner\'s lock is not, and the loser leaves it as it was', () => {
    const dir = tempDir('lock');
    const lock = join(dir, '.exp.lock');
    writeFileSync(lock, `${DEAD}`);
    const release = acquireLock(lock, 'exp', { pid: LIVE_A, isAlive });
    const held = readFileSync(lock, 'utf8');
    expect(held).toMatch(/^1001 /);
    expect(() => acquireLock(lock, 'exp', { pid: LIVE_B, isAlive })).toThrow(/pid 1001/);
    expect(readFileSync(lock, 'utf8')).toBe(held);
    release();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a lock is never seen empty: it appears with its content (created by link from a written file)', () => {
    const dir = tempDir('lock');
    const lock = join(dir, '.exp.lock');
    const release = acquireLock(lock, 'exp', { pid: LIVE_A, isAlive });
    expect(readFileSync(lock, 'utf8')).toMatch(/^1001 1001-[0-9a-f]{12}\n$/);
    release();
  });

  it('an empty lock (what a crash can leave: the lock file is not fsynced) is stale and taken over', () => {
    const dir = tempDir('lock');
    const lock = join(dir, '.exp.lock');
    writeFileSync(lock, '');
    const release = acquireLock(lock, 'exp');
    expect(readFileSync(lock, 'utf8')).toMatch(new RegExp(`^${process.pid} ${process.pid}-[0-9a-f]{12}\\n$`));
    release();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('release removes only its own lock (not one a later owner took over)', () => {
    const dir = tempDir('lock');
    const lock = join(dir, '.exp.lock');
    const release = acquireLock(lock, 'exp', { pid: LIVE_A, isAlive });
    writeFileSync(lock, `${LIVE_B} someone-else\n`);
    release();
    expect(readFileSync(lock, 'utf8')).toBe(`${LIVE_B} someone-else\n`);
  });
});

/**
 * The per-file time budget's clock: ticks read the clock only every `every` ticks, a suspended
 * budget does not run while another file's work does, and a switch between two budgets can share
 * one clock reading (the CloudFormation resolver switches templates tens of thousands of times).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Deadline, deadlineClock } from '../../src/core/deadline.js';

const DEFAULT_CLOCK = { ...deadlineClock };
let time = 0;
let readings = 0;

beforeEach(() => {
  time = 0;
  readings = 0;
  deadlineClock.every = 1;
  deadlineClock.now = () => {
    readings++;
    return time;
  };
});

afterEach(() => {
  Object.assign(deadlineClock, DEFAULT_CLOCK);
});

describe('Deadline', () => {
  it('runs out once its seconds have passed, and stays spent', () => {
    const deadline = new Deadline(2);
    time = 1999;
    expect(deadline.tick()).toBe(false);
    time = 2000;
    expect(deadline.tick()).toBe(true);
    time = 0; // a clock that went back does not revive it
    expect([deadline.tick(), deadline.expired]).toEqual([true, true]);
  });

  it('reads the clock only every `every` ticks', () => {
    deadlineClock.every = 100;
    const deadline = new Deadline(1);
    expect(readings).toBe(1);
    for (let i = 0; i < 99; i++) deadline.tick();
    expect(readings).toBe(1);
    deadline.tick();
    expect(readings).toBe(2);
  });

  it('does not count the time it is suspended', () => {
    const deadline = new Deadline(1);
    time = 600;
    deadline.suspend();
    time = 5000; // another file's work
    expect(deadline.tick()).toBe(false);
    deadline.resume();
    time = 5399;
    expect(deadline.tick()).toBe(false);
    time = 5400;
    expect(deadline.tick()).toBe(true);
  });

  it('takes a shared clock reading for a switch, and reads nothing itself', () => {
    const left = new Deadline(1);
    const entered = new Deadline(1);
    entered.suspend();
    readings = 0;
    time = 300;
    left.suspend(time);
    entered.resume(time);
    expect(readings).toBe(0);
    time = 1299;
    expect(entered.tick()).toBe(false);
    time = 1300;
    expect(entered.tick()).toBe(true);
    // `left` kept the 700 ms it had when suspended at 300.
    left.resume(2000);
    time = 2699;
    expect(left.tick()).toBe(false);
    time = 2700;
    expect(left.tick()).toBe(true);
  });

  it('says whether it keeps time: a deadline that never runs out has no clock to stop', () => {
    expect([Deadline.none().timed, new Deadline(Infinity).timed, new Deadline(Number.NaN).timed, new Deadline(60).timed]).toEqual([false, false, false, true]);
    const none = Deadline.none();
    readings = 0;
    none.suspend();
    none.resume();
    expect([readings, none.tick(), readings]).toEqual([0, false, 0]);
  });
});

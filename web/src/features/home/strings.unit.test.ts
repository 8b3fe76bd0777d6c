// The member home's plan line (issue 11 item 7): after the deadline it says 逾期,
// not “before the 5th” of a day already gone.
import { describe, expect, it } from 'vitest';
import { S } from './strings';

describe('the member home line for rectification tasks', () => {
  it('names what is left to do, what is overdue, and what waits for acceptance', () => {
    expect(S.rectifications.line({ open: 2, overdue: 1, submitted: 1 })).toBe('2 项待整改（1 项已逾期） · 1 项已提交，待验收');
    expect(S.rectifications.line({ open: 1, overdue: 0, submitted: 0 })).toBe('1 项待整改');
    expect(S.rectifications.line({ open: 0, overdue: 0, submitted: 3 })).toBe('3 项已提交，待验收');
  });
});

describe('the member home line for a missing monthly plan', () => {
  it('names the deadline before it passes', () => {
    expect(S.study.noPlan('2026-12-05', false)).toBe('还没有制定本月阅读计划（12月5日前）');
  });
  it('says overdue once the deadline has passed', () => {
    const line = S.study.noPlan('2026-12-05', true);
    expect(line).toContain('逾期');
    expect(line).not.toContain('日前');
    expect(line).toContain('12月5日');
  });
});

import { describe, expect, it } from 'vitest';
import { CATEGORIES, CLC_CLASSES, suggestCategory, topClass } from './clc';

describe('CLC data', () => {
  it('has the 22 top classes and the plan’s 9 categories', () => {
    expect(Object.keys(CLC_CLASSES).join('')).toBe('ABCDEFGHIJKNOPQRSTUVXZ');
    expect(CLC_CLASSES.A).toBe('马克思主义、列宁主义、毛泽东思想、邓小平理论');
    expect(CLC_CLASSES.X).toBe('环境科学、安全科学');
    expect(CATEGORIES).toEqual(['思想理论', '业务', '经济', '文化', '历史', '法律', '哲学', '科技', '其他']);
  });
});

describe('topClass', () => {
  const cases: [string | null, string | null][] = [
    ['D616', 'D'],
    ['F323.8', 'F'],
    ['TP312', 'T'],
    ['A81', 'A'],
    ['D26-49', 'D'],
    ['I247.5', 'I'],
    ['K', 'K'],
    ['D922.294(2)', 'D'],
    ['K820.7=6', 'K'],
    ['Z88:I2', 'Z'],
    ['DF3', 'D'],
    [' tp311.13 ', 'T'],
    ['Ｄ６１６', 'D'],
    ['W123', null], // W is not a class
    ['L12', null],
    ['TA12', null], // not a T subclass
    ['DP12', null],
    ['123', null],
    ['D61 6', null],
    ['中国', null],
    ['', null],
    [null, null],
  ];
  it.each(cases)('%s → %s', (clc, letter) => {
    expect(topClass(clc)).toBe(letter);
  });
});

describe('suggestCategory', () => {
  const cases: [string | null, string | undefined, string][] = [
    ['A81', undefined, '思想理论'],
    ['D26-49', undefined, '思想理论'], // 中国共产党
    ['D616', undefined, '思想理论'], // 中国政治
    ['D922.1', undefined, '法律'],
    ['DF3', undefined, '法律'],
    ['D81', undefined, '其他'], // 外交、国际关系
    ['F323.8', undefined, '经济'],
    ['B0', undefined, '哲学'],
    ['K27', undefined, '历史'],
    ['G252', undefined, '文化'],
    ['H31', undefined, '文化'],
    ['I247.5', undefined, '文化'],
    ['J2', undefined, '文化'],
    ['TP312', undefined, '科技'],
    ['R47', undefined, '科技'],
    ['S5', undefined, '科技'],
    ['X9', undefined, '科技'],
    ['C93', undefined, '其他'],
    ['E0', undefined, '其他'],
    ['Z228', undefined, '其他'],
    ['', undefined, '其他'],
    ['F12', '习近平关于“三农”工作论述摘编', '思想理论'],
    [null, '习近平新时代中国特色社会主义思想学习纲要', '思想理论'],
    ['G4', '主题教育学习读本', '思想理论'],
    ['D616', '新时代中国特色社会主义思想三十讲', '思想理论'],
    ['I247.5', '平凡的世界', '文化'],
  ];
  it.each(cases)('%s %s → %s', (clc, title, category) => {
    expect(suggestCategory(clc, title)).toBe(category);
  });

  it('never suggests 业务', () => {
    for (const letter of Object.keys(CLC_CLASSES)) expect(suggestCategory(`${letter}1`)).not.toBe('业务');
  });
});

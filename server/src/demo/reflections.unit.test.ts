// The demo's reflections read like real cadres' reflections (issue 11 item 7): each
// one says what its own book says, and every story from work holds together — the
// steps taken and the outcome belong to the problem told (no “开坝坝会，路灯亮了”).
import { describe, expect, it } from 'vitest';
import { bodyText } from '../modules/reflections/sanitize';
import { wordCount } from '../modules/reflections/wordcount';
import { rng } from './factories';
import { composeReflection } from './reflections';
import { notesOf, STORIES } from './reflection-texts';

const BOOKS = [
  { book: '乡土中国', author: '费孝通' },
  { book: '之江新语', author: '习近平' },
  { book: '摆脱贫困', author: '习近平' },
  { book: '中国共产党章程', author: '' },
  { book: '论“三农”工作', author: '习近平' },
];

describe('demo reflections', () => {
  it('talk about their own book: three of its sentences, none of another book’s', () => {
    for (const [k, b] of BOOKS.entries()) {
      const text = bodyText(composeReflection(rng(100 + k), { ...b, summary: '', unit: '党政办', month: '12月' }).html);
      expect(notesOf(b.book).filter((n) => text.includes(n)).length, b.book).toBe(3);
      for (const other of BOOKS.filter((o) => notesOf(o.book) !== notesOf(b.book))) for (const n of notesOf(other.book)) expect(text, `${b.book} ∌ ${n}`).not.toContain(n);
      expect(text).toContain(`《${b.book}》`);
    }
  });

  it('tell stories whose steps and outcome fit the problem', () => {
    let told = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const text = bodyText(composeReflection(rng(seed), { book: '乡土中国', author: '费孝通', summary: '', unit: '党政办', month: '12月' }).html);
      expect(wordCount(text)).toBeGreaterThanOrEqual(1500);
      // Each sentence that tells a problem goes on with one of that problem's steps and outcomes.
      for (const sentence of text.split('。')) {
        const story = STORIES.find((s) => sentence.endsWith(s.issue));
        if (!story) continue;
        const rest = text.slice(text.indexOf(sentence) + sentence.length + 1);
        const next = rest.split('。')[0];
        expect(story.acts.some((a) => next.includes(a)), `${story.issue} → ${next}`).toBe(true);
        expect(story.results.some((r) => next.includes(r)), `${story.issue} → ${next}`).toBe(true);
        // No step or outcome of another problem in the same sentence.
        for (const other of STORIES.filter((s) => s !== story)) {
          for (const a of other.acts) if (!story.acts.some((x) => x.includes(a))) expect(next.includes(a), `${story.issue} → ${a}`).toBe(false);
        }
        told++;
      }
    }
    expect(told).toBeGreaterThan(200);
  });
});

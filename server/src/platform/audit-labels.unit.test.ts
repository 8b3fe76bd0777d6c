// Every audit action code the server writes has a Chinese name (issue 11: the audit
// log reads in Chinese). The codes are read from the source: each audit write call's
// `action`, with the few codes built at run time listed from the values they are built from.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS, AUDIT_ENTITIES, auditActionLabel } from './audit-labels';

const root = path.resolve(import.meta.dirname, '..');

function sources(): { file: string; text: string }[] {
  const out: { file: string; text: string }[] = [];
  const walk = (d: string) => {
    for (const f of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, f.name);
      if (f.isDirectory()) walk(p);
      else if (f.name.endsWith('.ts') && !f.name.endsWith('.test.ts')) out.push({ file: path.relative(root, p), text: fs.readFileSync(p, 'utf8') });
    }
  };
  walk(root);
  return out;
}

/** The text of each audit.record(…) / audit.recordAlone(…) call. */
function auditCalls() {
  const calls: { file: string; call: string }[] = [];
  for (const { file, text } of sources()) {
    const re = /audit\.record(?:Alone)?\(/g;
    let m: RegExpExecArray | null;
    while ((m = re.exec(text))) {
      let depth = 0;
      let i = m.index + m[0].length - 1;
      for (; i < text.length; i++) {
        if (text[i] === '(') depth++;
        else if (text[i] === ')' && --depth === 0) break;
      }
      calls.push({ file, call: text.slice(m.index, i + 1) });
    }
  }
  return calls;
}

describe('audit action names', () => {
  const calls = auditCalls();

  it('finds the audit writes in the source', () => {
    expect(calls.length).toBeGreaterThan(150);
  });

  it('names every literal code an audit write can carry', () => {
    const missing: string[] = [];
    for (const { file, call } of calls) {
      const action = call.match(/action\s*:[^,}]*(?:\?[^,}]*:[^,}]*)?/)?.[0] ?? '';
      // Codes are dotted words; other literals in the expression are comparisons ('desk', 'qr').
      for (const [, code] of action.matchAll(/'([a-z][a-z0-9-]*(?:\.[a-zA-Z0-9-]+)+)'/g)) if (!AUDIT_ACTIONS[code]) missing.push(`${code} (${file})`);
    }
    expect(missing).toEqual([]);
  });

  it('names the codes built at run time, and no write builds one the test does not know', () => {
    const built = calls.filter(({ call }) => /action\s*:\s*`/.test(call)).map(({ call }) => call.match(/action\s*:\s*`([^`]*)`/)![1]);
    const expansions: Record<string, string[]> = {
      'book.import.${outcome}': ['taken', 'merged'],
      'reflection.${action}': ['return', 'approve', 'excellent'],
      'session.${action}': ['open', 'close', 'cancel'],
      '${req.method} ${req.routeOptions.url}': [],
    };
    expect(built.filter((b) => !(b in expansions))).toEqual([]);
    for (const [template, values] of Object.entries(expansions)) {
      for (const v of values) {
        const code = template.replace(/\$\{[^}]+\}/, v);
        expect(AUDIT_ACTIONS[code], code).toBeDefined();
      }
    }
    // The values really are those: the session transitions and the review actions in the source.
    const all = sources().map((s) => s.text).join('\n');
    expect(all).toMatch(/TRANSITIONS[^=]*=\s*\{\s*open:[^]*?close:[^]*?cancel:/);
    expect(all).toContain("for (const action of ['return', 'approve', 'excellent'] as ReviewAction[])");
    expect(all).toContain("const outcome: Outcome = !existed ? 'taken' : copiesAdded > 0 ? 'merged' : 'unchanged';");
  });

  it('names the actions passed by variable (re-authentication)', () => {
    for (const code of ['user.password.change', 'user.totp.begin']) expect(AUDIT_ACTIONS[code]).toBeDefined();
  });

  it('names every kind of object a write names', () => {
    const missing: string[] = [];
    for (const { file, call } of calls) for (const [, e] of call.matchAll(/entity:\s*'([a-z_]+)'/g)) if (!AUDIT_ENTITIES[e]) missing.push(`${e} (${file})`);
    expect(missing).toEqual([]);
  });

  it('falls back to the code for an unknown one', () => {
    expect(auditActionLabel('loan.renew')).toBe('续借');
    expect(auditActionLabel('no.such.code')).toBe('no.such.code');
  });
});

// The visible units, shared by the roster, the console home and the role editor.
import { useQuery } from '@tanstack/react-query';
import { api } from './client';
import type { Unit } from './types';

export const UNITS_KEY = ['units'] as const;

export function useUnits(enabled = true) {
  return useQuery({ queryKey: UNITS_KEY, queryFn: () => api.get<Unit[]>('/units'), enabled, staleTime: 30_000 });
}

export interface UnitNode {
  key: number;
  value: number;
  title: string;
  unit: Unit;
  /** Active members of this unit and everything under it. */
  total: number;
  children: UnitNode[];
}

/** Turns the flat list (by parentId) into a tree for antd Tree / TreeSelect. */
export function buildUnitTree(units: Unit[]): UnitNode[] {
  const nodes = new Map<number, UnitNode>();
  for (const u of units) nodes.set(u.id, { key: u.id, value: u.id, title: u.name, unit: u, total: u.memberCount, children: [] });
  const roots: UnitNode[] = [];
  for (const u of units) {
    const node = nodes.get(u.id)!;
    const parent = u.parentId !== null ? nodes.get(u.parentId) : undefined;
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  const sum = (n: UnitNode): number => (n.total = n.unit.memberCount + n.children.reduce((s, c) => s + sum(c), 0));
  roots.forEach(sum);
  return roots;
}

/** Today's minutes against the target, as a ring. */
export function Ring({ value, target, size = 132 }: { value: number; target: number; size?: number }) {
  const r = size / 2 - 10;
  const c = 2 * Math.PI * r;
  const frac = target > 0 ? Math.min(1, value / target) : 1;
  const done = value >= target;
  return (
    <svg width={size} height={size} viewBox={`0 0 ${size} ${size}`} role="img" aria-label={`${value}/${target}`}>
      <circle cx={size / 2} cy={size / 2} r={r} fill="none" stroke="#f3e6e3" strokeWidth={12} />
      <circle
        cx={size / 2}
        cy={size / 2}
        r={r}
        fill="none"
        stroke={done ? '#389e0d' : '#9e1b1b'}
        strokeWidth={12}
        strokeLinecap="round"
        strokeDasharray={`${c * frac} ${c}`}
        transform={`rotate(-90 ${size / 2} ${size / 2})`}
      />
      <text x="50%" y="46%" textAnchor="middle" fontSize={size / 4.2} fontWeight={600} fill="#2b2b2b" data-testid="ring-minutes">
        {value}
      </text>
      <text x="50%" y="64%" textAnchor="middle" fontSize={12} fill="#8c847d">
        / {target} 分钟
      </text>
    </svg>
  );
}

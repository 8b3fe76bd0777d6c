import type { ReactNode, SVGProps } from 'react';

// The few line icons of the phone shell and the member home, drawn here on a 24-unit grid so that
// the home needs nothing from @ant-design/icons (its base and one file per icon). They take the
// text colour and the font size (1em), as antd's icons do, and are hidden from screen readers:
// every control around them carries its own accessible name.

type IconProps = Omit<SVGProps<SVGSVGElement>, 'children'> & { filled?: boolean };

function icon(draw: (filled: boolean) => ReactNode) {
  return function PlainIcon({ filled = false, style, ...rest }: IconProps) {
    return (
      <svg
        viewBox="0 0 24 24"
        width="1em"
        height="1em"
        fill="none"
        stroke="currentColor"
        strokeWidth={1.7}
        strokeLinecap="round"
        strokeLinejoin="round"
        aria-hidden="true"
        focusable="false"
        style={{ display: 'inline-block', verticalAlign: '-0.125em', flex: 'none', ...style }}
        {...rest}
      >
        {draw(filled)}
      </svg>
    );
  };
}

const solid = (filled: boolean) => (filled ? 'currentColor' : 'none');
// Details drawn over a filled shape: the tab bar's white ground shows through.
const detail = (filled: boolean) => (filled ? '#fff' : 'currentColor');

export const HomeIcon = icon((f) => <path d="M4 10.2 12 3.6l8 6.6V20a1 1 0 0 1-1 1h-4.5v-6h-5v6H5a1 1 0 0 1-1-1z" fill={solid(f)} />);

export const BookIcon = icon((f) => (
  <>
    <rect x="5" y="3" width="14" height="18" rx="1.6" fill={solid(f)} />
    <path d="M9.5 3v7l2-1.5 2 1.5V3" stroke={detail(f)} />
  </>
));

export const ReadIcon = icon((f) => (
  <>
    <path d="M2.8 5.6c3.2-1.1 6.2-.8 9.2 1.2 3-2 6-2.3 9.2-1.2v13.2c-3.2-1-6.2-.7-9.2 1.2-3-1.9-6-2.2-9.2-1.2z" fill={solid(f)} />
    <path d="M12 6.8V20" stroke={detail(f)} />
  </>
));

export const PenIcon = icon((f) => (
  <>
    <path d="M15.4 4.1a1.9 1.9 0 0 1 2.7 0l1.8 1.8a1.9 1.9 0 0 1 0 2.7L9.4 19.1H4.9v-4.5z" fill={solid(f)} />
    <path d="M13 6.5 17.5 11" stroke={detail(f)} />
  </>
));

export const UserIcon = icon((f) => (
  <>
    <circle cx="12" cy="8" r="4" fill={solid(f)} />
    <path d="M4 21c0-4.3 3.6-7 8-7s8 2.7 8 7" fill={solid(f)} />
  </>
));

export const CalendarIcon = icon(() => (
  <>
    <rect x="3.5" y="5" width="17" height="15.5" rx="1.6" />
    <path d="M3.5 10h17M8 3v4M16 3v4M7.5 14h2M11 14h2M14.5 14h2M7.5 17h2M11 17h2" />
  </>
));

export const CheckSquareIcon = icon(() => (
  <>
    <rect x="4" y="4" width="16" height="16" rx="2" />
    <path d="m8.3 12.2 2.6 2.6 4.8-5.4" />
  </>
));

export const FileTextIcon = icon(() => (
  <>
    <path d="M14 3H6.6A1.6 1.6 0 0 0 5 4.6v14.8A1.6 1.6 0 0 0 6.6 21h10.8a1.6 1.6 0 0 0 1.6-1.6V8z" />
    <path d="M14 3v5h5M8.5 12.5h7M8.5 16h5" />
  </>
));

export const TeamIcon = icon(() => (
  <>
    <circle cx="9" cy="8.2" r="3.3" />
    <path d="M2.8 20c0-3.7 2.7-6.2 6.2-6.2s6.2 2.5 6.2 6.2" />
    <circle cx="16.8" cy="9" r="2.5" />
    <path d="M17 14c2.5.2 4.2 2.3 4.2 5.2" />
  </>
));

export const GlobeIcon = icon(() => (
  <>
    <circle cx="12" cy="12" r="9" />
    <ellipse cx="12" cy="12" rx="3.8" ry="9" />
    <path d="M3.4 9h17.2M3.4 15h17.2" />
  </>
));

export const FormIcon = icon(() => (
  <>
    <path d="M11 4.5H5.6A1.6 1.6 0 0 0 4 6.1v12.3A1.6 1.6 0 0 0 5.6 20h12.3a1.6 1.6 0 0 0 1.6-1.6V13" />
    <path d="m17.6 3.6 2.8 2.8-7.6 7.6-3.4.6.6-3.4z" />
  </>
));

export const RightIcon = icon(() => <path d="m9 5.5 6.5 6.5L9 18.5" />);

export const BellIcon = icon(() => (
  <>
    <path d="M6 16.5V11a6 6 0 0 1 12 0v5.5l1.6 2H4.4z" />
    <path d="M10 21h4M12 3v2" />
  </>
));

export const DesktopIcon = icon(() => (
  <>
    <rect x="3" y="4" width="18" height="12.5" rx="1.6" />
    <path d="M8 20.5h8M12 16.5v4" />
  </>
));

export const WrenchIcon = icon(() => (
  <>
    <path d="M16.2 3.6a4.9 4.9 0 1 0 4.2 4.3l-4.6.3z" fill="currentColor" />
    <path d="m5 19 7.2-7.2" strokeWidth={3.2} />
  </>
));

export const PinIcon = icon(() => <path d="M9 3.5h6l-1 5.8 3 2.9v1.6H7v-1.6l3-2.9zM12 13.8V21" fill="currentColor" />);

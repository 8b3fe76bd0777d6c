import { useState, type ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { Alert, Button, Card, Result, Skeleton } from 'antd';
import { CheckCircleFilled, EnvironmentOutlined, RightOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { ApiError, errorMessage } from '../../../api/client';
import { useSignedIn } from '../../../api/session';
import type { CopyPageDto } from '../../../api/types';
import { normalizeBarcode, useBorrow, useCopy, usePlaceHold, useRenew, useReturn } from '../api';
import { BookCover } from '../components/BookCover';
import { StatusTag } from '../components/StatusTag';
import { TopBar } from '../../../components/TopBar';
import { S } from '../strings';

/** `flip`: the action just done turned the button into its opposite (借阅 ↔ 归还). */
type Outcome = { ok: boolean; text: string; flip?: boolean };

const BIG = { height: 52, fontSize: 18, borderRadius: 10 } as const;

function daysLate(dueOn: string) {
  return dayjs().startOf('day').diff(dayjs(dueOn), 'day');
}

/** What the copy's state means for me, in one line. */
function stateNote(copy: CopyPageDto, isMember: boolean): { type: 'info' | 'warning' | 'error' | 'success'; text: string } | null {
  if (copy.myLoan) {
    const late = daysLate(copy.myLoan.dueOn);
    return copy.myLoan.overdue ? { type: 'error', text: S.myLoanOverdue(copy.myLoan.dueOn, late) } : { type: 'info', text: S.myLoanDue(copy.myLoan.dueOn) };
  }
  if (copy.heldForMe) return { type: 'success', text: S.heldForMe };
  if (!isMember && copy.status === 'available') return { type: 'warning', text: S.noMember };
  if (copy.status === 'loaned') return { type: 'warning', text: `${S.loanedByOther}。${S.loanedByOtherHint}` };
  if (copy.status === 'held') return { type: 'warning', text: `${S.heldForOther}。${S.loanedByOtherHint}` };
  if (copy.status !== 'available') return { type: 'warning', text: S.unavailable(copy.statusLabel) };
  return null;
}

/** The page a copy's QR code opens: what the book is, where it lives, and the one button that fits. */
export default function CopyPage() {
  const params = useParams();
  const barcode = normalizeBarcode(params.barcode ?? '');
  const me = useSignedIn();
  const copy = useCopy(barcode);
  const borrow = useBorrow();
  const giveBack = useReturn();
  const renew = useRenew(true);
  const hold = usePlaceHold(true);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const busy = borrow.isPending || giveBack.isPending || renew.isPending || hold.isPending;

  const run = async (fn: () => Promise<string>, flip = false) => {
    setOutcome(null);
    try {
      setOutcome({ ok: true, text: await fn(), flip });
    } catch (e) {
      setOutcome({ ok: false, text: errorMessage(e) });
    }
  };

  if (copy.isPending) {
    return (
      <>
        <TopBar title={S.copyTitle} back="/library" />
        <div style={{ padding: 16 }}>
          <Skeleton active avatar={{ shape: 'square', size: 72 }} paragraph={{ rows: 3 }} />
        </div>
      </>
    );
  }
  if (copy.isError) {
    const missing = copy.error instanceof ApiError && copy.error.status === 404;
    return (
      <>
        <TopBar title={S.copyTitle} back="/library" />
        <Result
          status={missing ? '404' : 'error'}
          title={missing ? S.notFound : errorMessage(copy.error)}
          subTitle={missing ? `${errorMessage(copy.error)}。${S.notFoundText}` : undefined}
          data-testid="copy-error"
          extra={
            <Link to="/library">
              <Button type="primary">{S.library}</Button>
            </Link>
          }
        />
      </>
    );
  }

  const c = copy.data;
  const note = stateNote(c, Boolean(me.member));
  // Right after a loan or a return the big button would do the opposite: a second tap
  // must not undo the first, so it steps down and 我的借阅 takes the primary place.
  const settled = Boolean(outcome?.ok && outcome.flip);
  const main = settled ? ('default' as const) : ('primary' as const);
  const place = [c.location, c.shelf ? S.shelf(c.shelf) : null].filter(Boolean).join(' · ');

  let actions: ReactNode = null;
  if (c.myLoan) {
    const loan = c.myLoan;
    actions = (
      <>
        {c.canReturn ? (
          <Button key="return" type={main} block size="large" style={BIG} loading={giveBack.isPending} disabled={busy} data-testid="copy-action" onClick={() => void run(async () => (await giveBack.mutateAsync(c.barcode), S.returned), true)}>
            {S.giveBack}
          </Button>
        ) : (
          <Alert type="info" showIcon title={S.returnAtDesk} />
        )}
        {loan.canRenew && (
          <Button
            block
            size="large"
            style={{ ...BIG, fontSize: 16 }}
            type={c.canReturn || settled ? 'default' : 'primary'}
            loading={renew.isPending}
            disabled={busy}
            data-testid={c.canReturn ? 'copy-renew' : 'copy-action'}
            onClick={() => void run(async () => S.renewed((await renew.mutateAsync(loan.id)).dueOn))}
          >
            {S.renew}
          </Button>
        )}
      </>
    );
  } else if (c.canBorrow) {
    actions = (
      <Button
        key="borrow"
        type={main}
        block
        size="large"
        style={BIG}
        loading={borrow.isPending}
        disabled={busy}
        data-testid="copy-action"
        onClick={() =>
          void run(async () => {
            const r = await borrow.mutateAsync(c.barcode);
            return r.again ? S.borrowedAgain(r.dueOn) : S.borrowed(r.dueOn);
          }, true)
        }
      >
        {S.borrow}
      </Button>
    );
  } else if (me.member && c.canHold && (c.status === 'loaned' || c.status === 'held')) {
    actions = (
      <Button type="primary" block size="large" style={BIG} loading={hold.isPending} disabled={busy} data-testid="copy-action" onClick={() => void run(async () => (await hold.mutateAsync(c.bookId), S.held))}>
        {S.hold}
      </Button>
    );
  }

  return (
    <>
      <TopBar title={S.copyTitle} back="/library/my" />
      <div style={{ padding: 12, display: 'flex', flexDirection: 'column', gap: 12 }}>
        <Card styles={{ body: { padding: 16 } }}>
          <div style={{ display: 'flex', gap: 14 }}>
            <BookCover title={c.title} width={76} />
            <div style={{ flex: 1, minWidth: 0, display: 'flex', flexDirection: 'column', gap: 6 }}>
              <h2 data-testid="copy-title" style={{ margin: 0, fontSize: 18, lineHeight: 1.35, fontWeight: 600, wordBreak: 'break-word' }}>
                {c.title}
              </h2>
              <div style={{ color: '#6b6560', fontSize: 14 }}>{c.authors || S.noAuthor}</div>
              <div style={{ color: '#6b6560', fontSize: 13 }}>
                <EnvironmentOutlined /> {place}
              </div>
              <div style={{ display: 'flex', alignItems: 'center', gap: 8, flexWrap: 'wrap' }}>
                <StatusTag status={c.status} label={c.statusLabel} testId="copy-status" />
                <span style={{ color: '#a8a09a', fontSize: 12 }}>
                  {S.barcode} {c.barcode}
                </span>
              </div>
            </div>
          </div>
        </Card>

        {outcome && (
          <div
            data-testid="copy-result"
            role="status"
            style={{
              display: 'flex',
              gap: 10,
              alignItems: 'flex-start',
              padding: '14px 16px',
              borderRadius: 10,
              background: outcome.ok ? '#f0f8f1' : '#fdf0ef',
              border: `1px solid ${outcome.ok ? '#b7dfbf' : '#f2c1bd'}`,
              color: outcome.ok ? '#1f6b35' : '#b32218',
              fontSize: 16,
              fontWeight: 600,
              lineHeight: 1.5,
            }}
          >
            {outcome.ok && <CheckCircleFilled style={{ fontSize: 22, marginTop: 1 }} />}
            <span>{outcome.text}</span>
          </div>
        )}
        {note && !(outcome?.ok && c.myLoan && !c.myLoan.overdue) && <Alert data-testid="copy-note" type={note.type} showIcon title={note.text} />}

        {settled && (
          <Link to="/library/my" data-testid="copy-done">
            <Button type="primary" block size="large" style={BIG}>
              {S.myLoans}
            </Button>
          </Link>
        )}
        {actions && <div style={{ display: 'flex', flexDirection: 'column', gap: 10 }}>{actions}</div>}
        {!c.myLoan && c.canBorrow && (
          <div style={{ textAlign: 'center', color: '#8c847d', fontSize: 13 }}>{S.loanDays(c.loanDays)}</div>
        )}

        <Link to={`/library/books/${c.bookId}`} data-testid="copy-book-link">
          <Card size="small" styles={{ body: { display: 'flex', alignItems: 'center', minHeight: 48 } }}>
            <span style={{ flex: 1, color: '#2b2b2b' }}>{S.allCopies}</span>
            <RightOutlined style={{ color: '#b5aca4' }} />
          </Card>
        </Link>
      </div>
    </>
  );
}

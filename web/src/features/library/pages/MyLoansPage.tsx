import { Link } from 'react-router';
import { Alert, Button, Card, Empty, Popconfirm, Skeleton, Tag } from 'antd';
import { SearchOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import type { Hold, Loan } from '../../../api/types';
import { toastSuccess } from '../../../components/feedback';
import { useCancelHold, useMyHolds, useMyLoans, useOverdueBlocks, useRenew } from '../api';
import { BookCover } from '../components/BookCover';
import { TopBar } from '../../../components/TopBar';
import { S } from '../strings';

function LoanRow({ loan }: { loan: Loan }) {
  const renew = useRenew();
  const late = dayjs().startOf('day').diff(dayjs(loan.dueOn), 'day');
  return (
    <div data-testid="my-loan-row" style={{ display: 'flex', gap: 12, padding: '14px', background: '#fff', borderBottom: '1px solid #f0ece7' }}>
      <BookCover title={loan.title} width={48} />
      <div style={{ flex: 1, minWidth: 0, display: 'flex', flexDirection: 'column', gap: 4 }}>
        <Link to={`/library/books/${loan.bookId}`} style={{ color: '#2b2b2b', fontSize: 16, fontWeight: 600, lineHeight: 1.35 }} data-testid="my-loan-title">
          {loan.title}
        </Link>
        <div style={{ fontSize: 12, color: '#a8a09a' }}>
          {S.barcode} {loan.barcode}
          {loan.renewals > 0 ? ` · ${S.renewedTimes(loan.renewals)}` : ''}
        </div>
        <div style={{ fontSize: 14, color: loan.overdue ? '#cf1322' : late >= -1 ? '#d46b08' : '#4a4440', fontWeight: loan.overdue ? 600 : 400 }} data-testid="my-loan-due">
          {S.due(loan.dueOn)}
          {loan.overdue ? ` · ${S.overdueDays(late)}` : late === 0 ? ` · ${S.dueToday}` : late === -1 ? ` · ${S.dueTomorrow}` : ''}
        </div>
        <div style={{ display: 'flex', gap: 8, marginTop: 4 }}>
          {loan.canRenew && (
            <Button size="middle" loading={renew.isPending} onClick={() => renew.mutate(loan.id, { onSuccess: (r) => toastSuccess(S.renewed(r.dueOn)) })} data-testid="my-loan-renew">
              {S.renew}
            </Button>
          )}
          <Link to={`/c/${encodeURIComponent(loan.barcode)}`} data-testid="my-loan-return">
            <Button size="middle" type={loan.overdue ? 'primary' : 'default'}>
              {S.giveBack}
            </Button>
          </Link>
        </div>
      </div>
    </div>
  );
}

function HoldRow({ hold }: { hold: Hold }) {
  const cancel = useCancelHold();
  const ready = hold.status === 'ready';
  return (
    <div data-testid="my-hold-row" data-status={hold.status} style={{ display: 'flex', gap: 12, padding: '14px', background: '#fff', borderBottom: '1px solid #f0ece7' }}>
      <BookCover title={hold.title} width={48} />
      <div style={{ flex: 1, minWidth: 0, display: 'flex', flexDirection: 'column', gap: 4 }}>
        <Link to={`/library/books/${hold.bookId}`} style={{ color: '#2b2b2b', fontSize: 16, fontWeight: 600, lineHeight: 1.35 }} data-testid="my-hold-title">
          {hold.title}
        </Link>
        <div>
          <Tag color={ready ? 'green' : 'gold'} style={{ marginInlineEnd: 0 }} data-testid="my-hold-status">
            {ready ? S.holdReady : S.holdWaiting(hold.position)}
          </Tag>
        </div>
        <div style={{ fontSize: 13, color: ready ? '#1f7a3a' : '#8c847d' }}>{ready ? S.holdPickup(hold.expiresOn, hold.location) : S.holdPlaced(hold.placedAt)}</div>
        <div style={{ display: 'flex', gap: 8, marginTop: 4 }}>
          {ready && hold.barcode && (
            <Link to={`/c/${encodeURIComponent(hold.barcode)}`}>
              <Button type="primary">{S.borrow}</Button>
            </Link>
          )}
          <Popconfirm title={S.cancelHoldConfirm} okText={S.cancelHold} cancelText={S.cancel} onConfirm={() => cancel.mutate(hold.id, { onSuccess: () => toastSuccess(S.holdCancelled) })}>
            <Button loading={cancel.isPending} data-testid="my-hold-cancel">
              {S.cancelHold}
            </Button>
          </Popconfirm>
        </div>
      </div>
    </div>
  );
}

function MyHolds() {
  const holds = useMyHolds();
  if (!holds.data?.length) return null;
  return (
    <div data-testid="my-holds">
      <div style={{ padding: '14px 14px 6px', fontSize: 13, color: '#8c847d' }}>
        {S.myHolds} {holds.data.length}
      </div>
      {holds.data.map((h) => (
        <HoldRow key={h.id} hold={h} />
      ))}
    </div>
  );
}

/** 我的借阅: what I have, when each is due, renew in one tap. */
export default function MyLoansPage() {
  const loans = useMyLoans();
  const blocks = useOverdueBlocks();
  const overdue = loans.data?.filter((l) => l.overdue).length ?? 0;
  const findButton = (
    <Link to="/library" data-testid="to-library">
      <Button type="primary" ghost icon={<SearchOutlined />}>
        {S.library}
      </Button>
    </Link>
  );
  return (
    <>
      <TopBar title={S.myLoans} back="/" extra={<div style={{ paddingRight: 4 }}>{findButton}</div>} />
      {loans.isPending ? (
        <div style={{ padding: 16 }}>
          <Skeleton active paragraph={{ rows: 5 }} />
        </div>
      ) : loans.data && loans.data.length > 0 ? (
        <>
          {overdue > 0 && <Alert type="error" showIcon banner title={S.overdueNote(overdue, blocks.data === true)} data-testid="overdue-note" />}
          <div style={{ padding: '10px 14px 6px', fontSize: 13, color: '#8c847d' }}>
            {S.loanCount(loans.data.length)}
            {loans.data.length ? ` · ${S.nextDue(loans.data.reduce((a, l) => (l.dueOn < a ? l.dueOn : a), loans.data[0].dueOn))}` : ''}
          </div>
          <div data-testid="my-loans">
            {loans.data.map((l) => (
              <LoanRow key={l.id} loan={l} />
            ))}
          </div>
        </>
      ) : (
        <Card style={{ margin: 12 }}>
          <Empty description={S.noLoans}>{findButton}</Empty>
        </Card>
      )}
      <MyHolds />
    </>
  );
}

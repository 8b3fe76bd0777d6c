import type { ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { Alert, Button, Card, Descriptions, Popconfirm, Result, Skeleton, Tag, Typography } from 'antd';
import { errorMessage } from '../../../api/client';
import { useSignedIn } from '../../../api/session';
import { toastSuccess } from '../../../components/feedback';
import { useBook, useCancelHold, usePlaceHold } from '../api';
import { BookCover } from '../components/BookCover';
import { StatusTag } from '../components/StatusTag';
import { TopBar } from '../../../components/TopBar';
import { S } from '../strings';

/** A title: what it is, where each copy is, and the hold queue. */
export default function BookPage() {
  const id = Number(useParams().id);
  const me = useSignedIn();
  const detail = useBook(id);
  const hold = usePlaceHold();
  const cancel = useCancelHold();

  if (detail.isPending) {
    return (
      <>
        <TopBar title={S.library} back="/library" />
        <div style={{ padding: 16 }}>
          <Skeleton active avatar={{ shape: 'square', size: 72 }} paragraph={{ rows: 5 }} />
        </div>
      </>
    );
  }
  if (detail.isError) {
    return (
      <>
        <TopBar title={S.library} back="/library" />
        <Result status="404" title={S.notFound} subTitle={errorMessage(detail.error)} />
      </>
    );
  }
  const { book, copies, queue, myHold, myLoan, canHold } = detail.data;
  const facts = [
    { key: 'publisher', label: S.publisher, children: [book.publisher, book.year].filter(Boolean).join('，') },
    { key: 'isbn', label: S.isbn, children: book.isbn13 ?? book.isbn10 },
    { key: 'clc', label: S.clc, children: book.clc },
    { key: 'category', label: S.category, children: book.category },
    { key: 'series', label: S.series, children: book.series },
  ].filter((f) => f.children);

  let holdArea: ReactNode = null;
  // A refusal is shown by the app's mutation toast; nothing is left unhandled.
  const placeHold = () => hold.mutate(book.id, { onSuccess: () => toastSuccess(S.held) });
  if (myHold) {
    holdArea = (
      <>
        <Alert type={myHold.status === 'ready' ? 'success' : 'info'} showIcon title={myHold.status === 'ready' ? S.myHoldReady(myHold.expiresOn) : S.myHoldWaiting(myHold.position)} data-testid="my-hold" />
        <Popconfirm title={S.cancelHoldConfirm} onConfirm={() => cancel.mutate(myHold.id, { onSuccess: () => toastSuccess(S.holdCancelled) })}>
          <Button block size="large" loading={cancel.isPending} data-testid="cancel-hold">
            {S.cancelHold}
          </Button>
        </Popconfirm>
      </>
    );
  } else if (myLoan) {
    // The member has this book out: nothing to reserve (issue 11 item 7).
    holdArea = <Alert type="info" showIcon title={S.youHaveIt(myLoan.dueOn)} data-testid="book-my-loan" />;
  } else if (book.available > 0) {
    holdArea = <Alert type="success" showIcon title={S.availableHint} />;
  } else if (me.member && canHold) {
    holdArea = (
      <Button type="primary" block size="large" style={{ height: 50, fontSize: 17 }} loading={hold.isPending} onClick={placeHold} data-testid="place-hold">
        {S.hold}
      </Button>
    );
  }

  return (
    <>
      <TopBar title={book.title} back="/library" />
      <div style={{ padding: 12, display: 'flex', flexDirection: 'column', gap: 12 }}>
        <Card styles={{ body: { padding: 16 } }}>
          <div style={{ display: 'flex', gap: 14 }}>
            <BookCover title={book.title} width={76} />
            <div style={{ flex: 1, minWidth: 0, display: 'flex', flexDirection: 'column', gap: 6 }}>
              <h2 data-testid="book-title" style={{ margin: 0, fontSize: 18, lineHeight: 1.35, fontWeight: 600 }}>
                {book.title}
              </h2>
              {book.subtitle && <div style={{ color: '#6b6560' }}>{book.subtitle}</div>}
              <div style={{ color: '#6b6560', fontSize: 14 }}>{book.authors || S.noAuthor}</div>
              <div style={{ display: 'flex', gap: 6, flexWrap: 'wrap', alignItems: 'center' }}>
                {book.tags.map((t) => (
                  <Tag key={t} color={t === '必学' ? 'red' : 'gold'} style={{ marginInlineEnd: 0 }}>
                    {t}
                  </Tag>
                ))}
                <span style={{ fontSize: 13, color: book.available > 0 ? '#1f7a3a' : '#a8a09a' }}>{S.onShelf(book.available, book.copies)}</span>
              </div>
              <div style={{ fontSize: 13, color: '#8c847d' }} data-testid="book-queue">
                {S.queue(queue)}
              </div>
            </div>
          </div>
        </Card>

        {holdArea && <div style={{ display: 'flex', flexDirection: 'column', gap: 8 }}>{holdArea}</div>}

        <Card size="small" title={S.copies}>
          {copies.length === 0 ? (
            <Typography.Text type="secondary">{S.noCopies}</Typography.Text>
          ) : (
            <div style={{ display: 'flex', flexDirection: 'column' }} data-testid="book-copies">
              {copies.map((c, i) => (
                <Link
                  key={c.id}
                  to={`/c/${encodeURIComponent(c.barcode)}`}
                  style={{ display: 'flex', alignItems: 'center', gap: 8, padding: '10px 0', borderTop: i ? '1px solid #f0ece7' : undefined, color: 'inherit' }}
                >
                  <div style={{ flex: 1, minWidth: 0 }}>
                    <div style={{ fontSize: 14 }}>
                      {c.location}
                      {c.shelf ? ` · ${S.shelf(c.shelf)}` : ''}
                    </div>
                    <div style={{ fontSize: 12, color: '#a8a09a' }}>
                      {S.barcode} {c.barcode}
                      {c.dueOn ? ` · ${S.due(c.dueOn)}` : ''}
                    </div>
                  </div>
                  <StatusTag status={c.status} label={c.statusLabel} />
                </Link>
              ))}
            </div>
          )}
        </Card>

        {book.summary && (
          <Card size="small" title={S.summary}>
            <Typography.Paragraph style={{ margin: 0, lineHeight: 1.7 }}>{book.summary}</Typography.Paragraph>
          </Card>
        )}
        {facts.length > 0 && (
          <Card size="small">
            <Descriptions column={1} size="small" items={facts} />
          </Card>
        )}
      </div>
    </>
  );
}


import { useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Button, Card, Input, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { PlusOutlined, PrinterOutlined, ScanOutlined } from '@ant-design/icons';
import type { BookCopy, BookFilter, BookSummary, OverdueLoan } from '../../../api/types';
import { useBook, useBookPage, useCategories, useLocations, useOverdue } from '../api';
import { BookDrawer } from '../components/BookDrawer';
import { CopyModal } from '../components/CopyModal';
import { LabelsModal } from '../components/LabelsModal';
import { StatusTag } from '../components/StatusTag';
import { fmtDate, S } from '../strings';

function CopiesOf({ bookId }: { bookId: number }) {
  const detail = useBook(bookId);
  const columns: ColumnsType<BookCopy> = [
    { title: S.col.barcode, dataIndex: 'barcode', width: 120, render: (b: string) => <Link to={`/c/${encodeURIComponent(b)}`}>{b}</Link> },
    { title: S.col.location, dataIndex: 'location' },
    { title: S.col.shelf, dataIndex: 'shelf', width: 80, render: (v: string | null) => v ?? '—' },
    { title: S.col.status, dataIndex: 'status', width: 90, render: (_, c) => <StatusTag status={c.status} label={c.statusLabel} /> },
    { title: S.col.due, dataIndex: 'dueOn', width: 130, render: (v: string | null) => (v ? fmtDate(v) : '—') },
    { title: S.col.source, dataIndex: 'source', width: 140, render: (v: string, c) => (v === 'donation' ? `${S.donation}${c.donor ? `（${c.donor}）` : ''}` : S.purchase) },
  ];
  return (
    <div>
      <Table<BookCopy> rowKey="id" size="small" columns={columns} dataSource={detail.data?.copies} loading={detail.isPending} pagination={false} locale={{ emptyText: S.noCopies }} />
      {detail.data && detail.data.queue > 0 && (
        <Typography.Text type="secondary" style={{ display: 'block', marginTop: 6 }}>
          {S.queue(detail.data.queue)}
        </Typography.Text>
      )}
    </div>
  );
}

function BooksTab() {
  const [filter, setFilter] = useState<BookFilter>({ page: 1, pageSize: 20 });
  const [drawerOpen, setDrawerOpen] = useState(false);
  const [copyFor, setCopyFor] = useState<{ id: number; title: string } | null>(null);
  const [selected, setSelected] = useState<number[]>([]);
  const [labelsOpen, setLabelsOpen] = useState(false);
  const books = useBookPage(filter);
  const categories = useCategories();
  const locations = useLocations();
  const patch = (p: Partial<BookFilter>) => setFilter((f) => ({ ...f, page: 1, ...p }));

  const columns = useMemo<ColumnsType<BookSummary>>(
    () => [
      {
        title: S.col.title,
        dataIndex: 'title',
        render: (t: string, b) => (
          <span>
            <span style={{ fontWeight: 500 }}>{t}</span>
            {b.subtitle ? <Typography.Text type="secondary">：{b.subtitle}</Typography.Text> : null}
          </span>
        ),
      },
      { title: S.col.authors, dataIndex: 'authors', width: 150, ellipsis: true },
      { title: S.col.publisher, dataIndex: 'publisher', width: 140, ellipsis: true, render: (v: string | null) => v ?? '—' },
      { title: S.col.year, dataIndex: 'year', width: 64, render: (v: number | null) => v ?? '—' },
      { title: S.col.isbn, dataIndex: 'isbn13', width: 130, render: (v: string | null) => v ?? '—' },
      { title: S.col.clc, dataIndex: 'clc', width: 90, render: (v: string | null) => v ?? '—' },
      { title: S.col.category, dataIndex: 'category', width: 84 },
      {
        title: S.col.tags,
        dataIndex: 'tags',
        width: 84,
        render: (tags: string[]) =>
          tags.map((t) => (
            <Tag key={t} color={t === S.required ? 'red' : 'gold'}>
              {t}
            </Tag>
          )),
      },
      {
        title: S.col.stock,
        key: 'stock',
        width: 90,
        align: 'center',
        render: (_, b) => (
          <span style={{ color: b.available > 0 ? '#1f7a3a' : '#a8a09a' }}>
            {b.available} / {b.copies}
          </span>
        ),
      },
      {
        title: S.col.actions,
        key: 'actions',
        width: 110,
        fixed: 'right',
        render: (_, b) => (
          <Button type="link" size="small" icon={<PlusOutlined />} onClick={() => setCopyFor({ id: b.id, title: b.title })} data-testid="add-copy">
            {S.addCopy}
          </Button>
        ),
      },
    ],
    [],
  );

  const total = books.data ? S.total(books.data.total, books.data.capped) : null;
  return (
    <>
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, marginBottom: 12 }}>
        <Input.Search
          placeholder={S.consoleSearch}
          aria-label={S.consoleSearch}
          allowClear
          enterButton
          onSearch={(q) => patch({ q: q.trim() || undefined })}
          style={{ width: 300, maxWidth: '100%' }}
          data-testid="catalog-search"
        />
        <Select
          aria-label={S.col.category}
          value={filter.category ?? ''}
          onChange={(c: string) => patch({ category: c || undefined })}
          options={[{ value: '', label: `${S.col.category}：${S.allCategories}` }, ...(categories.data?.categories ?? []).map((c) => ({ value: c, label: c }))]}
          style={{ width: 140 }}
        />
        <Select
          aria-label={S.tagFilter}
          value={filter.tag ?? ''}
          onChange={(t: string) => patch({ tag: t || undefined })}
          options={[
            { value: '', label: S.allTags },
            { value: S.required, label: S.required },
            { value: S.recommended, label: S.recommended },
          ]}
          style={{ width: 110 }}
        />
        <Select
          aria-label={S.locationFilter}
          value={filter.locationId ?? 0}
          onChange={(l: number) => patch({ locationId: l || undefined })}
          options={[{ value: 0, label: S.allLocations }, ...(locations.data ?? []).map((l) => ({ value: l.id, label: l.name }))]}
          style={{ width: 180 }}
        />
        <div style={{ flex: 1 }} />
        <Button icon={<PrinterOutlined />} onClick={() => setLabelsOpen(true)} data-testid="labels-open">
          {S.labels}
          {selected.length ? `（${selected.length}）` : ''}
        </Button>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setDrawerOpen(true)} data-testid="book-add">
          {S.addBook}
        </Button>
      </div>
      <Table<BookSummary>
        data-testid="catalog-table"
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={books.data?.items}
        loading={books.isFetching}
        scroll={{ x: 1100 }}
        expandable={{ expandedRowRender: (b) => <CopiesOf bookId={b.id} /> }}
        rowSelection={{ selectedRowKeys: selected, preserveSelectedRowKeys: true, onChange: (keys) => setSelected(keys as number[]) }}
        pagination={{
          current: filter.page,
          pageSize: filter.pageSize,
          total: books.data?.total ?? 0,
          showSizeChanger: true,
          pageSizeOptions: [20, 50, 100],
          showTotal: () => total,
          onChange: (page, pageSize) => setFilter((f) => ({ ...f, page: pageSize !== f.pageSize ? 1 : page, pageSize })),
        }}
      />
      <BookDrawer
        open={drawerOpen}
        onClose={() => setDrawerOpen(false)}
        onCreated={(id, title) => {
          setDrawerOpen(false);
          setCopyFor({ id, title });
        }}
      />
      <CopyModal book={copyFor} onClose={() => setCopyFor(null)} />
      {labelsOpen && <LabelsModal open bookIds={selected} onClose={() => setLabelsOpen(false)} />}
    </>
  );
}

function OverdueTab() {
  const overdue = useOverdue();
  const columns: ColumnsType<OverdueLoan> = [
    { title: S.col.member, dataIndex: 'memberName', width: 100 },
    { title: S.col.unit, dataIndex: 'unitName', width: 150 },
    { title: S.col.title, dataIndex: 'title' },
    { title: S.col.barcode, dataIndex: 'barcode', width: 120 },
    { title: S.col.due, dataIndex: 'dueOn', width: 140, render: (v: string) => fmtDate(v) },
    {
      title: S.col.daysOverdue,
      dataIndex: 'daysOverdue',
      width: 100,
      align: 'right',
      sorter: (a, b) => a.daysOverdue - b.daysOverdue,
      render: (n: number) => <span style={{ color: '#cf1322', fontWeight: 600 }}>{S.days(n)}</span>,
    },
  ];
  return (
    <Table<OverdueLoan>
      data-testid="overdue-table"
      rowKey="loanId"
      size="small"
      columns={columns}
      dataSource={overdue.data}
      loading={overdue.isPending}
      locale={{ emptyText: S.noOverdue }}
      pagination={{ pageSize: 50, hideOnSinglePage: true }}
      scroll={{ x: 800 }}
    />
  );
}

/** 馆藏 (console): the catalog table with cataloguing, and who is late. */
export default function CatalogPage() {
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') === 'overdue' ? 'overdue' : 'books';
  const overdue = useOverdue();
  return (
    <div>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 8 }} wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {S.consoleTitle}
        </Typography.Title>
        <Link to="/console/library/desk">
          <Button icon={<ScanOutlined />}>{S.deskTitle}</Button>
        </Link>
      </Space>
      <Card size="small">
        <Tabs
          activeKey={tab}
          onChange={(k) => setParams(k === 'overdue' ? { tab: k } : {}, { replace: true })}
          items={[
            { key: 'books', label: S.tabBooks, children: <BooksTab /> },
            {
              key: 'overdue',
              label: (
                <span data-testid="tab-overdue">
                  {S.tabOverdue}
                  {overdue.data?.length ? <Tag color="red" style={{ marginInlineStart: 6, marginInlineEnd: 0 }}>{overdue.data.length}</Tag> : null}
                </span>
              ),
              children: <OverdueTab />,
            },
          ]}
        />
      </Card>
    </div>
  );
}

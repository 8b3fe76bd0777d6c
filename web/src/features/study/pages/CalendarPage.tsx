import { useState } from 'react';
import { Alert, Button, Card, DatePicker, Grid, Input, InputNumber, Modal, Popconfirm, Select, Space, Table, Tag, TreeSelect, Typography, Upload } from 'antd';
import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { apiUrl } from '../../../api/client';
import { buildUnitTree, useUnits } from '../../../api/units';
import { toastSuccess } from '../../../components/feedback';
import { useCalendarYear, useImportCalendar, useRemoveCalendarDay, useSetCalendarDay, type CalendarDay, type CalendarImport } from '../api';
import { S } from '../strings';

/** 节假日安排: the official schedule, bundled up to a year, entered or imported after that. */
export default function CalendarPage() {
  const [year, setYear] = useState(dayjs().year() + 1);
  // Whose calendar: the clerk's own scope until another unit is picked (a district clerk looks at a town's).
  const [unitId, setUnitId] = useState<number | undefined>();
  const units = useUnits();
  const tree = units.data ? buildUnitTree(units.data) : [];
  const cal = useCalendarYear(year, unitId);
  const scope = cal.data?.scope;
  // The unit the page's writes go to: the one shown (none named: the clerk's own, the district's for the district clerk).
  const writeUnit = scope?.unitId ?? undefined;
  const canEdit = cal.data?.canEdit ?? false;
  const set = useSetCalendarDay();
  const remove = useRemoveCalendarDay();
  const imp = useImportCalendar();
  const [day, setDay] = useState<Dayjs | null>(null);
  const [kind, setKind] = useState<'holiday' | 'workday'>('holiday');
  const [name, setName] = useState('');
  const [report, setReport] = useState<CalendarImport | null>(null);
  // A phone: the form above the table, each day's name under its date and its source under its kind
  // (five columns do not fit 375 px).
  const phone = Grid.useBreakpoint().md === false;
  const weekday = (d: string) => `${d}（${'日一二三四五六'[dayjs(d).day()]}）`;
  const kindTag = (r: CalendarDay) => (r.kind === 'holiday' ? <Tag color="red">{S.kindHoliday}</Tag> : <Tag color="blue">{S.kindWorkday}</Tag>);
  const sourceTag = (r: CalendarDay) =>
    r.source !== 'override' ? (
      <Tag>{S.sourceBundled}</Tag>
    ) : r.inherited ? (
      <Tag data-testid="calendar-inherited">{S.inheritedFrom(r.scopeName ?? '')}</Tag>
    ) : (
      <Tag color="gold">{S.enteredBy(r.scopeName ?? '')}</Tag>
    );
  const action = {
    title: S.actions,
    key: 'a',
    width: phone ? 64 : 80,
    render: (_: unknown, r: CalendarDay) =>
      r.editable ? (
        <Popconfirm title={`${S.removeDay} ${r.day}？`} onConfirm={() => remove.mutate({ day: r.day, unitId: writeUnit })}>
          <Button type="link" danger size="small">
            {S.removeDay}
          </Button>
        </Popconfirm>
      ) : null,
  };
  const columns = phone
    ? [
        {
          title: S.date,
          dataIndex: 'day',
          key: 'day',
          render: (d: string, r: CalendarDay) => (
            <>
              <div style={{ whiteSpace: 'nowrap' }}>{weekday(d)}</div>
              {r.name && (
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {r.name}
                </Typography.Text>
              )}
            </>
          ),
        },
        {
          title: `${S.kind} / ${S.source}`,
          key: 'kind',
          render: (_: unknown, r: CalendarDay) => (
            <div style={{ display: 'flex', flexDirection: 'column', alignItems: 'flex-start', gap: 4 }}>
              {kindTag(r)}
              {sourceTag(r)}
            </div>
          ),
        },
        action,
      ]
    : [
        { title: S.date, dataIndex: 'day', key: 'day', width: 140, render: weekday },
        { title: S.kind, key: 'kind', width: 120, render: (_: unknown, r: CalendarDay) => kindTag(r) },
        { title: S.dayName, dataIndex: 'name', key: 'name' },
        { title: S.source, key: 'source', width: 150, render: (_: unknown, r: CalendarDay) => sourceTag(r) },
        action,
      ];
  return (
    <div style={{ display: 'flex', flexDirection: 'column', gap: 16 }}>
      <Space wrap>
        <Typography.Title level={4} style={{ margin: 0, marginRight: 16 }}>
          {S.calendarTitle}
        </Typography.Title>
        <InputNumber value={year} min={2020} max={2100} onChange={(v) => v && setYear(v)} prefix={S.year} data-testid="calendar-year" />
        <TreeSelect
          style={{ width: 200 }}
          treeData={tree}
          // The district's calendar is no node of a town clerk's tree: shown by name, not as the tree's first unit.
          value={unitId ?? scope?.unitId ?? undefined}
          onChange={(x: number | undefined) => setUnitId(x)}
          allowClear={unitId !== undefined}
          treeDefaultExpandAll
          placeholder={scope ? scope.unitName : S.calendarUnit}
          styles={{ placeholder: scope && !scope.unitId ? { color: 'inherit' } : undefined }}
          aria-label={S.calendarUnit}
          data-testid="calendar-unit"
        />
        {canEdit && (
        <Upload
          accept=".xlsx"
          showUploadList={false}
          customRequest={({ file }) => {
            imp
              .mutateAsync({ file: file as File, unitId: writeUnit })
              .then((r) => {
                setReport(r);
                toastSuccess(S.importDone(r.imported, r.failed));
              })
              .catch(() => undefined);
          }}
        >
          <Button icon={<UploadOutlined />} loading={imp.isPending} data-testid="calendar-import">
            {S.importXlsx}
          </Button>
        </Upload>
        )}
        <Button icon={<DownloadOutlined />} href={apiUrl('/study/calendar-days/template.xlsx')}>
          {S.template}
        </Button>
      </Space>
      {cal.data && <Alert type={cal.data.bundled ? 'info' : 'warning'} showIcon title={S.calendarHint(cal.data.bundledLastYear)} />}
      {cal.data && <Alert type="info" title={`${S.calendarScope(cal.data.scope.unitId ? cal.data.scope.unitName : null)}${canEdit ? '' : S.calendarReadOnly}`} data-testid="calendar-scope" />}
      <div style={{ display: 'grid', gridTemplateColumns: canEdit && !phone ? 'minmax(0, 1fr) 320px' : 'minmax(0, 1fr)', gap: 16, alignItems: 'start' }}>
        <Card size="small" style={{ order: phone ? 2 : undefined }}>
          <Table<CalendarDay> size="small" rowKey="day" columns={columns} dataSource={cal.data?.days ?? []} loading={cal.isPending} pagination={false} locale={{ emptyText: S.noDays }} data-testid="calendar-table" />
        </Card>
        {canEdit && (
        <Card size="small" title={scope?.unitId ? S.addDayFor(scope.unitName) : S.addDay} data-testid="calendar-form">
          <div style={{ display: 'flex', flexDirection: 'column', gap: 10 }}>
            <DatePicker value={day} onChange={setDay} style={{ width: '100%' }} data-testid="calendar-day" />
            <Select
              value={kind}
              onChange={setKind}
              data-testid="calendar-kind"
              options={[
                { value: 'holiday', label: S.kindHoliday },
                { value: 'workday', label: S.kindWorkday },
              ]}
            />
            <Input placeholder={S.dayNamePh} value={name} onChange={(e) => setName(e.target.value)} data-testid="calendar-name" />
            <Button
              type="primary"
              disabled={!day}
              data-testid="calendar-save"
              loading={set.isPending}
              onClick={() =>
                set.mutateAsync({ day: day!.format('YYYY-MM-DD'), kind, name, unitId: writeUnit }).then(() => {
                  toastSuccess(S.saved);
                  if (day!.year() !== year) setYear(day!.year());
                  setDay(null);
                  setName('');
                })
              }
            >
              {S.save}
            </Button>
          </div>
        </Card>
        )}
      </div>
      <Modal open={Boolean(report)} onCancel={() => setReport(null)} footer={null} title={report ? S.importDone(report.imported, report.failed) : ''} width={640}>
        <Table
          size="small"
          rowKey="rowNumber"
          pagination={false}
          dataSource={report?.rows ?? []}
          columns={[
            { title: S.rowNo, dataIndex: 'rowNumber', width: 70 },
            { title: S.date, dataIndex: 'day', width: 120 },
            { title: S.result, key: 'r', render: (_: unknown, r: CalendarImport['rows'][number]) => <span style={{ color: r.ok ? '#389e0d' : '#cf1322' }}>{r.message}</span> },
          ]}
        />
      </Modal>
    </div>
  );
}

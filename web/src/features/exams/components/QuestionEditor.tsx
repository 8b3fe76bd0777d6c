// The clerk's editor of one question (new or existing), and the key correction
// that regrades every attempt already graded with the version people answered.
import { useState } from 'react';
import { Alert, Button, Checkbox, Form, Input, InputNumber, Modal, Radio, Select, Space } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { toastError, toastSuccess } from '../../../components/feedback';
import { useCategories, useCorrectKey, useQuestion, useSaveQuestion, type Draft, type QuestionDetail, type Regrade } from '../api';
import { S } from '../strings';

const letter = (i: number) => String.fromCharCode(65 + i);
type Opt = { text: string; right: boolean; fraction: number; feedback: string };

/** Right options' shares: kept as they were when the right set is unchanged (partial credit typed in an import), else equal. */
function fractions(opts: Opt[], type: string, before: Opt[] | null): number[] {
  const rights = opts.filter((o) => o.right).length;
  const same = before && before.length === opts.length && before.every((b, i) => b.right === opts[i]!.right);
  return opts.map((o, i) => (!o.right ? (same ? Math.min(0, before![i]!.fraction) : 0) : type === 'single' ? 1 : same ? before![i]!.fraction : Math.round((1 / rights) * 100000) / 100000));
}

const toOpts = (d: Pick<Draft, 'options'>): Opt[] => d.options.map((o) => ({ text: o.text, right: o.fraction > 0, fraction: o.fraction, feedback: o.feedback }));

function OptionsField({ type, value, onChange }: { type: string; value: Opt[]; onChange: (v: Opt[]) => void }) {
  const set = (i: number, patch: Partial<Opt>) => onChange(value.map((o, j) => (j === i ? { ...o, ...patch } : type === 'single' && patch.right ? { ...o, right: false } : o)));
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      {value.map((o, i) => (
        <Space key={i} style={{ width: '100%' }} data-testid="option-row">
          <span style={{ width: 20, fontWeight: 600 }}>{letter(i)}</span>
          <Input style={{ width: 420 }} value={o.text} maxLength={1000} onChange={(e) => set(i, { text: e.target.value })} />
          <Checkbox checked={o.right} onChange={(e) => set(i, { right: e.target.checked })} data-testid="option-right">
            {S.editor.right}
          </Checkbox>
          <Button type="text" icon={<DeleteOutlined />} disabled={value.length <= 2} onClick={() => onChange(value.filter((_, j) => j !== i))} aria-label={S.editor.removeOption} />
        </Space>
      ))}
      <Button size="small" icon={<PlusOutlined />} disabled={value.length >= 10} onClick={() => onChange([...value, { text: '', right: false, fraction: 0, feedback: '' }])}>
        {S.editor.addOption}
      </Button>
    </Space>
  );
}

type FormValues = { categoryId: number; type: Draft['type']; stem: string; explanation: string; difficulty: number; tags: string[]; source: string; reference: string; accepted: string[]; truth: boolean | null };

/** New question (id undefined) or an existing one. */
export function QuestionEditor({ id, onClose }: { id?: number; onClose: () => void }) {
  const detail = useQuestion(id);
  if (id && !detail.data) return null;
  return <EditorForm q={detail.data ?? null} onClose={onClose} />;
}

function EditorForm({ q, onClose }: { q: QuestionDetail | null; onClose: () => void }) {
  const cats = useCategories();
  const save = useSaveQuestion();
  const [form] = Form.useForm<FormValues>();
  const type = Form.useWatch('type', form) ?? q?.type ?? 'single';
  const [opts, setOpts] = useState<Opt[]>(q ? toOpts(q) : [0, 1, 2, 3].map(() => ({ text: '', right: false, fraction: 0, feedback: '' })));
  const answered = q?.versions.find((v) => v.id === q.versionId)?.answered ?? 0;
  const submit = async () => {
    const v = await form.validateFields();
    const choice = v.type === 'single' || v.type === 'multiple';
    const fr = fractions(opts, v.type, q && q.type === v.type ? toOpts(q) : null);
    const draft: Draft = {
      type: v.type,
      name: q?.name ?? '',
      stem: v.stem,
      stemFormat: q?.stemFormat ?? 'plain',
      options: choice ? opts.map((o, i) => ({ key: letter(i), text: o.text, fraction: fr[i]!, feedback: o.feedback })) : [],
      truth: v.type === 'truefalse' ? (v.truth ?? null) : null,
      accepted: v.type === 'fill' ? (v.accepted ?? []).map((text) => ({ text, fraction: 1, feedback: '' })) : [],
      reference: v.type === 'short' ? (v.reference ?? '') : '',
      explanation: v.explanation ?? '',
      difficulty: v.difficulty,
      tags: v.tags ?? [],
      source: v.source ?? '',
      category: null,
    };
    await save.mutateAsync({ id: q?.id, version: q?.version, categoryId: v.categoryId, draft }).then(
      (r) => (toastSuccess(r.newVersion ? S.editor.newVersion : S.editor.saved), onClose()),
      toastError,
    );
  };
  return (
    <Modal open title={q ? S.editor.editTitle : S.editor.newTitle} onCancel={onClose} onOk={submit} okText={S.editor.save} confirmLoading={save.isPending} width={720} data-testid="question-editor">
      {answered > 0 && <Alert style={{ marginBottom: 12 }} type="info" showIcon message={S.editor.answeredNote(answered)} />}
      <Form<FormValues>
        form={form}
        layout="vertical"
        initialValues={
          q
            ? { categoryId: q.categoryId, type: q.type, stem: q.stem, explanation: q.explanation, difficulty: q.difficulty, tags: q.tags, source: q.source, reference: q.reference, accepted: q.accepted.map((a) => a.text), truth: q.truth }
            : { type: 'single', difficulty: 3, tags: [], accepted: [], truth: null }
        }
      >
        <Space wrap>
          <Form.Item name="categoryId" label={S.col.category} rules={[{ required: true, message: S.editor.needCategory }]}>
            <Select style={{ width: 220 }} options={(cats.data ?? []).map((c) => ({ value: c.id, label: c.path }))} />
          </Form.Item>
          <Form.Item name="type" label={S.col.type}>
            <Select style={{ width: 100 }} options={Object.entries(S.qType).map(([value, label]) => ({ value, label }))} />
          </Form.Item>
          <Form.Item name="difficulty" label={S.editor.difficulty}>
            <InputNumber min={1} max={5} />
          </Form.Item>
        </Space>
        <Form.Item name="stem" label={S.col.stem} rules={[{ required: true, whitespace: true, message: S.editor.needStem }]}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={5000} data-testid="editor-stem" />
        </Form.Item>
        {(type === 'single' || type === 'multiple') && (
          <Form.Item label={type === 'single' ? S.editor.optionsSingle : S.editor.optionsMultiple}>
            <OptionsField type={type} value={opts} onChange={setOpts} />
          </Form.Item>
        )}
        {type === 'truefalse' && (
          <Form.Item name="truth" label={S.editor.truth} rules={[{ required: true, message: S.editor.needTruth }]}>
            <Radio.Group options={[{ value: true, label: S.right }, { value: false, label: S.wrong }]} />
          </Form.Item>
        )}
        {type === 'fill' && (
          <Form.Item name="accepted" label={S.editor.accepted} extra={S.editor.acceptedHint} rules={[{ required: true, type: 'array', min: 1, message: S.editor.needAccepted }]}>
            <Select mode="tags" open={false} tokenSeparators={['；', ';']} />
          </Form.Item>
        )}
        {type === 'short' && (
          <Form.Item name="reference" label={S.reference}>
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={5000} />
          </Form.Item>
        )}
        <Form.Item name="explanation" label={S.explanation}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={5000} />
        </Form.Item>
        <Space wrap>
          <Form.Item name="tags" label={S.editor.tags}>
            <Select mode="tags" open={false} style={{ width: 300 }} />
          </Form.Item>
          <Form.Item name="source" label={S.editor.source}>
            <Input style={{ width: 300 }} maxLength={200} />
          </Form.Item>
        </Space>
      </Form>
    </Modal>
  );
}

/** The key correction: right options, the truth or the accepted answers of the current version; every graded attempt is graded again. */
export function KeyCorrection({ id, onClose }: { id: number; onClose: () => void }) {
  const detail = useQuestion(id);
  if (!detail.data) return null;
  return <KeyForm q={detail.data} onClose={onClose} />;
}

function KeyForm({ q, onClose }: { q: QuestionDetail; onClose: () => void }) {
  const correct = useCorrectKey();
  const [rights, setRights] = useState<string[]>(q.options.filter((o) => o.fraction > 0).map((o) => o.key));
  const [truth, setTruth] = useState<boolean | null>(q.truth);
  const [accepted, setAccepted] = useState<string[]>(q.accepted.map((a) => a.text));
  const [result, setResult] = useState<Regrade | null>(null);
  const answered = q.versions.find((v) => v.id === q.versionId)?.answered ?? 0;
  const submit = () => {
    const before = toOpts(q);
    const after = q.options.map((o) => ({ ...before[q.options.indexOf(o)]!, right: rights.includes(o.key) }));
    const fr = fractions(after, q.type, before);
    const body =
      q.type === 'single' || q.type === 'multiple'
        ? { options: q.options.map((o, i) => ({ key: o.key, fraction: fr[i]! })) }
        : q.type === 'truefalse'
          ? { truth: truth ?? undefined }
          : { accepted: accepted.map((text) => ({ text, fraction: 1, feedback: q.accepted.find((a) => a.text === text)?.feedback ?? '' })) };
    correct.mutateAsync({ id: q.id, body: { version: q.version, ...body } }).then(setResult, toastError);
  };
  return (
    <Modal
      open
      title={S.keyFix.title}
      onCancel={onClose}
      footer={result ? <Button onClick={onClose}>{S.keyFix.close}</Button> : undefined}
      onOk={submit}
      okText={S.keyFix.ok}
      confirmLoading={correct.isPending}
      width={640}
      data-testid="key-correction"
    >
      <div style={{ fontWeight: 600, marginBottom: 8 }}>{q.stem.replace(/<[^>]+>/g, '')}</div>
      {result ? (
        <>
          <Alert type="success" showIcon message={S.keyFix.done(result)} data-testid="regrade-result" />
          {result.skipped.length > 0 && (
            <Alert
              style={{ marginTop: 8 }}
              type="warning"
              showIcon
              message={S.keyFix.skippedTitle}
              description={result.skipped.map((s) => (
                <div key={s.versionNo}>{S.keyFix.skipped(s)}</div>
              ))}
              data-testid="regrade-skipped"
            />
          )}
        </>
      ) : (
        <>
          <Alert style={{ marginBottom: 12 }} type="warning" showIcon message={S.keyFix.warn(answered)} />
          {(q.type === 'single' || q.type === 'multiple') &&
            (q.type === 'single' ? (
              <Radio.Group value={rights[0]} onChange={(e) => setRights([e.target.value as string])} style={{ display: 'flex', flexDirection: 'column', gap: 6 }}>
                {q.options.map((o) => (
                  <Radio key={o.key} value={o.key} data-testid="key-option">{`${o.key}. ${o.text}`}</Radio>
                ))}
              </Radio.Group>
            ) : (
              <Checkbox.Group value={rights} onChange={(v) => setRights(v as string[])} style={{ display: 'flex', flexDirection: 'column', gap: 6 }}>
                {q.options.map((o) => (
                  <Checkbox key={o.key} value={o.key} data-testid="key-option">{`${o.key}. ${o.text}`}</Checkbox>
                ))}
              </Checkbox.Group>
            ))}
          {q.type === 'truefalse' && <Radio.Group value={truth} onChange={(e) => setTruth(e.target.value as boolean)} options={[{ value: true, label: S.right }, { value: false, label: S.wrong }]} />}
          {q.type === 'fill' && <Select mode="tags" open={false} style={{ width: '100%' }} value={accepted} onChange={setAccepted} />}
        </>
      )}
    </Modal>
  );
}

import { useEffect, useState } from 'react';
import { Button, Form, Input, Select, Upload } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { api } from '../../../api/client';
import { toastSuccess } from '../../../components/feedback';
import { useSaveSpeech, useSpeechChoices, useUploadSpeech, type Speaker } from '../api';
import { S } from '../strings';

interface BookOption {
  value: number;
  label: string;
}

/** 个人说: the speaker picks the book (and a reflection of theirs), writes the summary, adds a photo or slides. */
export function SpeechEditor({ seminarId, speaker, onDone }: { seminarId: number; speaker: Speaker; onDone?: () => void }) {
  const choices = useSpeechChoices();
  const save = useSaveSpeech();
  const upload = useUploadSpeech();
  const [form] = Form.useForm<{ bookId: number; reflectionId: number | null; summary: string }>();
  const [found, setFound] = useState<BookOption[]>([]);
  const [query, setQuery] = useState('');
  const [picked, setPicked] = useState<BookOption[]>([]);
  useEffect(() => {
    form.setFieldsValue({ bookId: speaker.bookId ?? undefined, reflectionId: speaker.reflectionId, summary: speaker.summary });
  }, [form, speaker.bookId, speaker.reflectionId, speaker.summary]);
  const own: BookOption[] = (choices.data?.books ?? []).map((b) => ({ value: b.id, label: `《${b.title}》${b.authors ? ` ${b.authors}` : ''}` }));
  const current: BookOption[] = speaker.bookId ? [{ value: speaker.bookId, label: `《${speaker.bookTitle}》` }] : [];
  // Typing searches the reading room's catalogue; with nothing typed, the books of my own reading plans come first.
  const options = [...new Map([...(query.trim() ? found : own), ...current, ...picked].map((o) => [o.value, o])).values()];
  const search = async (q: string) => {
    setQuery(q);
    if (q.trim().length < 1) return setFound([]);
    const r = await api.get<{ items: { id: number; title: string; authors: string }[] }>('/library/books', { q, pageSize: 20 });
    setFound(r.items.map((b) => ({ value: b.id, label: `《${b.title}》${b.authors ? ` ${b.authors}` : ''}` })));
  };
  return (
    <Form
      form={form}
      layout="vertical"
      data-testid="speech-form"
      onFinish={(v) =>
        save.mutate(
          { id: seminarId, speakerId: speaker.id, bookId: v.bookId, reflectionId: v.reflectionId ?? null, summary: v.summary ?? '', version: speaker.version },
          {
            onSuccess: () => {
              toastSuccess(S.seminar.saved);
              onDone?.();
            },
          },
        )
      }
    >
      <Form.Item name="bookId" label={S.seminar.book} rules={[{ required: true, message: S.seminar.pickBook }]}>
        <Select
          showSearch={{ filterOption: false, onSearch: (q) => void search(q) }}
          onSelect={(v: number) => {
            setPicked(options.filter((o) => o.value === v));
            setQuery('');
          }}
          placeholder={S.seminar.pickBook}
          options={options}
          data-testid="speech-book"
        />
      </Form.Item>
      <Form.Item name="reflectionId" label={S.seminar.reflection}>
        <Select allowClear placeholder={S.seminar.pickReflection} options={(choices.data?.reflections ?? []).map((r) => ({ value: r.id, label: r.title }))} />
      </Form.Item>
      <Form.Item name="summary" label={S.seminar.summary}>
        <Input.TextArea autoSize={{ minRows: 4, maxRows: 12 }} maxLength={5000} showCount data-testid="speech-summary" />
      </Form.Item>
      <div style={{ display: 'flex', gap: 8, flexWrap: 'wrap' }}>
        <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="speech-save">
          {S.seminar.save}
        </Button>
        <Upload
          showUploadList={false}
          accept=".jpg,.jpeg,.png,.webp,.pdf,.pptx"
          customRequest={({ file }) => upload.mutate({ id: seminarId, speakerId: speaker.id, file: file as File }, { onSuccess: () => toastSuccess(S.seminar.uploaded) })}
        >
          <Button icon={<UploadOutlined />} loading={upload.isPending}>
            {S.seminar.upload}
          </Button>
        </Upload>
      </div>
    </Form>
  );
}

import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Empty, Input, Skeleton, Tag, Timeline } from 'antd';
import { BookOutlined, CopyOutlined, DeleteOutlined, LikeFilled, LikeOutlined, SearchOutlined, SendOutlined } from '@ant-design/icons';
import type { Editor } from '@tiptap/react';
import { api, ApiError, errorMessage } from '../../../api/client';
import { useSignedIn } from '../../../api/session';
import type { BookDetailDto } from '../../../api/types';
import { StatusPage } from '../../../components/StatusPage';
import { toastSuccess } from '../../../components/feedback';
import {
  reflectionKey,
  submitReflection,
  useAddComment,
  useCatalogSearch,
  useComments,
  useConfig,
  useDeleteComment,
  useDeleteReflection,
  useFinishedBooks,
  useLike,
  useMine,
  useReflection,
  type Reflection,
} from '../api';
import { draftKey, readLocal, removeLocal, useAutosave, type LocalDraft } from '../autosave';
import { ConflictDialog } from '../components/ConflictDialog';
import { ReflectionEditor } from '../components/ReflectionEditor';
import { SafeHtml } from '../components/SafeHtml';
import { SaveIndicator } from '../components/SaveIndicator';
import { StatusTag } from '../components/StatusTag';
import { TopBar } from '../../../components/TopBar';
import { countHtml, WordCount } from '../components/WordCount';
import { quoteMarks, safeText } from '../safeHtml';
import { ACTION_LABEL, fmtDateTime, fmtTime, S } from '../strings';

interface BookChoice {
  planItemId: number | null;
  bookId: number | null;
  bookTitle: string;
}

const plainTitle = (t: string) => t.replace(/^《|》$/g, '');

// ---------------------------------------------------------------- book picker

function BookPicker({ onPick }: { onPick: (b: BookChoice) => void }) {
  const books = useFinishedBooks();
  const [q, setQ] = useState('');
  const [typed, setTyped] = useState('');
  const [other, setOther] = useState('');
  const search = useCatalogSearch(q);
  const card = { margin: '12px', borderRadius: 8 } as const;
  return (
    <>
      <TopBar title={S.pickBook} back="/reflections" />
      <Card size="small" title={S.pickFromPlan} style={card}>
        {books.isPending ? (
          <Skeleton active paragraph={{ rows: 2 }} />
        ) : (books.data?.items.length ?? 0) === 0 ? (
          <div style={{ color: '#8c847d' }}>{S.noFinished}</div>
        ) : (
          books.data!.items.map((b) => (
            <button
              key={`${b.planItemId}-${b.bookId}-${b.bookTitle}`}
              type="button"
              data-testid="rf-pick-plan"
              onClick={() => onPick({ planItemId: b.planItemId, bookId: b.bookId, bookTitle: b.bookTitle })}
              style={{ display: 'flex', width: '100%', alignItems: 'center', gap: 8, minHeight: 48, padding: '6px 0', border: 0, borderBottom: '1px solid #f0ece7', background: 'transparent', textAlign: 'left', fontSize: 15, cursor: 'pointer' }}
            >
              <BookOutlined style={{ color: '#9e1b1b' }} />
              <span style={{ flex: 1 }}>《{plainTitle(b.bookTitle)}》</span>
              {b.reflectionId ? <Tag>{S.continueFor}</Tag> : <Tag color="red">{S.writeFor}</Tag>}
            </button>
          ))
        )}
      </Card>
      <Card size="small" title={S.pickFromCatalog} style={card}>
        <Input.Search
          size="large"
          value={typed}
          onChange={(e) => setTyped(e.target.value)}
          onSearch={(v) => setQ(v.trim())}
          placeholder={S.searchPlaceholder}
          enterButton={<SearchOutlined />}
          data-testid="rf-catalog-search"
        />
        {q && (
          <div style={{ marginTop: 8 }}>
            {search.data?.items.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />}
            {search.data?.items.map((b) => (
              <button
                key={b.id}
                type="button"
                data-testid="rf-pick-catalog"
                onClick={() => onPick({ planItemId: null, bookId: b.id, bookTitle: b.title })}
                style={{ display: 'block', width: '100%', minHeight: 48, padding: '6px 0', border: 0, borderBottom: '1px solid #f0ece7', background: 'transparent', textAlign: 'left', cursor: 'pointer' }}
              >
                <div style={{ fontSize: 15 }}>《{b.title}》</div>
                <div style={{ fontSize: 12, color: '#8c847d' }}>{b.authors}</div>
              </button>
            ))}
          </div>
        )}
      </Card>
      <Card size="small" title={S.pickOther} style={card}>
        <div style={{ display: 'flex', gap: 8 }}>
          <Input size="large" value={other} onChange={(e) => setOther(e.target.value)} placeholder={S.bookTitlePlaceholder} maxLength={100} data-testid="rf-other-title" />
          <Button size="large" type="primary" disabled={!other.trim()} onClick={() => onPick({ planItemId: null, bookId: null, bookTitle: plainTitle(other.trim()) })}>
            {S.useThisBook}
          </Button>
        </div>
      </Card>
    </>
  );
}

// ---------------------------------------------------------------- writing

function EditView({ initial, book, bookKey, onCreated, onSubmitted }: { initial: Reflection | null; book: BookChoice; bookKey?: string; onCreated?: (r: Reflection) => void; onSubmitted: (r: Reflection) => void }) {
  const me = useSignedIn();
  const config = useConfig();
  const qc = useQueryClient();
  const { message, modal } = App.useApp();
  const editorRef = useRef<Editor | null>(null);
  const setEditor = useCallback((e: Editor | null) => {
    editorRef.current = e;
  }, []);
  const [submitting, setSubmitting] = useState(false);
  const auto = useAutosave({
    userId: me.user.id,
    initial,
    book,
    bookKey,
    onCreated: (r) => {
      qc.setQueryData(reflectionKey(r.id), r);
      void qc.invalidateQueries({ queryKey: ['reflections', 'mine'] });
      onCreated?.(r);
    },
    onSaved: (r) => qc.setQueryData(reflectionKey(r.id), r),
  });
  const [title, setTitle] = useState(() => auto.start.title || (initial ? '' : S.defaultTitle(book.bookTitle)));
  const [count, setCount] = useState(() => countHtml(auto.start.html));
  const min = config.data?.minChars ?? 0;
  const max = config.data?.maxChars;
  const returned = initial?.status === 'returned';
  const passages = useMemo(() => initial?.passageComments.map((p) => p.quote) ?? [], [initial?.passageComments]);

  // A new draft starts with the suggested title: it is part of the text to save.
  const [titleSeeded] = useState(() => !initial && !auto.start.title);
  const onBody = (html: string) => {
    setCount(countHtml(html));
    auto.edit(titleSeeded && !auto.id() ? { html, title } : { html });
  };

  const pick = (choice: 'local' | 'server') => {
    const t = auto.resolve(choice);
    setTitle(t.title);
    setCount(countHtml(t.html));
    editorRef.current?.commands.setContent(t.html, { emitUpdate: false });
  };

  const doSubmit = async () => {
    setSubmitting(true);
    // Without an update event: tiptap's setEditable emits one by default, which the page
    // took for an edit and autosaved after the submit (a 409 audited as a failure).
    editorRef.current?.setEditable(false, false);
    try {
      await auto.flush();
      await auto.flush();
      const id = auto.id();
      const version = auto.version();
      if (id === null || version === null || auto.conflict) {
        void message.error(title.trim() ? S.needBody : S.needTitle);
        return;
      }
      const r = await submitReflection(id, version);
      auto.forget();
      qc.setQueryData(reflectionKey(id), r);
      void qc.invalidateQueries({ queryKey: ['reflections'] });
      toastSuccess(S.submitted);
      onSubmitted(r);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'OFFLINE') void message.warning(S.offline);
      else void message.error(errorMessage(e));
    } finally {
      setSubmitting(false);
      editorRef.current?.setEditable(true, false);
    }
  };
  const submit = () =>
    modal.confirm({
      title: returned ? S.resubmit : S.submit,
      content: S.submitConfirm,
      okText: returned ? S.resubmit : S.submit,
      cancelText: '再改改',
      onOk: doSubmit,
    });

  // Submitted meanwhile from another device: reload, and the read view offers what this device still holds.
  const lockedNow = auto.state.kind === 'locked';
  const lockedId = initial?.id;
  useEffect(() => {
    if (lockedNow && lockedId) void qc.invalidateQueries({ queryKey: reflectionKey(lockedId) });
  }, [lockedNow, lockedId, qc]);

  const enough = count >= min && (max === undefined || count <= max);
  const del = useDeleteReflection();
  const navigate = useNavigate();

  return (
    <>
      <TopBar
        title={initial ? S.editTitle : S.newTitle}
        back="/reflections"
        extra={
          <Button type="primary" icon={<SendOutlined />} disabled={!enough || !config.data} loading={submitting} onClick={submit} data-testid="rf-submit" style={{ marginRight: 4 }}>
            {returned ? '重新提交' : '提交'}
          </Button>
        }
      />
      <div
        style={{ position: 'sticky', top: 48, zIndex: 11, height: 48, display: 'flex', alignItems: 'center', justifyContent: 'space-between', gap: 8, padding: '0 12px', background: '#fbfaf8', borderBottom: '1px solid #ece8e3' }}
      >
        <WordCount count={count} min={min} max={max} />
        <SaveIndicator state={auto.state} />
      </div>
      <div style={{ background: '#fff', padding: '10px 16px 4px' }}>
        <Input
          variant="borderless"
          value={title}
          onChange={(e) => {
            setTitle(e.target.value);
            auto.edit({ title: e.target.value });
          }}
          placeholder={S.titlePlaceholder}
          maxLength={100}
          data-testid="rf-title"
          style={{ fontSize: 20, fontWeight: 600, padding: '4px 0' }}
        />
        <div style={{ fontSize: 13, color: '#8c847d', paddingBottom: 6 }} data-testid="rf-book">
          <BookOutlined /> 《{plainTitle(book.bookTitle)}》
        </div>
      </div>
      {returned && initial && (
        <Alert
          type="warning"
          showIcon
          style={{ borderRadius: 0 }}
          title={S.returnedNote}
          description={
            <div data-testid="rf-return-comment">
              {initial.reviewComment && <div style={{ whiteSpace: 'pre-wrap' }}>{initial.reviewComment}</div>}
              {initial.passageComments.map((p, i) => (
                <div key={i} style={{ marginTop: 6 }} data-testid="rf-passage-comment">
                  <mark className="rf-passage">{p.quote.length > 60 ? `${p.quote.slice(0, 60)}……` : p.quote}</mark>
                  <div style={{ color: '#4a4440' }}>→ {p.comment}</div>
                </div>
              ))}
            </div>
          }
        />
      )}
      <ReflectionEditor
        initialHtml={auto.start.html}
        onChange={onBody}
        passages={passages}
        maxPasteChars={max}
        onPasteRefused={() => void message.error(S.pasteTooLarge(max ?? 0))}
        stickyTop={96}
        editorRef={setEditor}
      />
      {initial?.status === 'draft' && (
        <div style={{ padding: '16px', textAlign: 'center' }}>
          <Button
            type="text"
            danger
            icon={<DeleteOutlined />}
            onClick={() =>
              modal.confirm({
                title: S.deleteDraft,
                content: S.deleteConfirm,
                okButtonProps: { danger: true },
                onOk: async () => {
                  await del.mutateAsync(initial.id);
                  auto.forget();
                  toastSuccess(S.deleted);
                  void navigate('/reflections', { replace: true });
                },
              })
            }
          >
            {S.deleteDraft}
          </Button>
        </div>
      )}
      <ConflictDialog conflict={auto.conflict} onPick={pick} />
    </>
  );
}

// ---------------------------------------------------------------- reading

function Likes({ r }: { r: Reflection }) {
  const like = useLike(r.id);
  const [comment, setComment] = useState('');
  const comments = useComments(r.id, true);
  const add = useAddComment(r.id);
  const remove = useDeleteComment(r.id);
  const { modal } = App.useApp();
  const qc = useQueryClient();
  return (
    <Card size="small" style={{ margin: 12 }} title={S.comments}>
      <Button
        size="large"
        icon={r.likedByMe ? <LikeFilled /> : <LikeOutlined />}
        type={r.likedByMe ? 'primary' : 'default'}
        ghost={r.likedByMe}
        loading={like.isPending}
        data-testid="rf-like"
        onClick={() => like.mutateAsync(!r.likedByMe).then(() => qc.invalidateQueries({ queryKey: reflectionKey(r.id) }))}
      >
        {r.likedByMe ? S.liked : S.like} {r.likes > 0 ? r.likes : ''}
      </Button>
      <div style={{ marginTop: 12 }} data-testid="rf-comments">
        {(comments.data?.items ?? []).length === 0 && <div style={{ color: '#a8a09a', fontSize: 13 }}>{S.noComments}</div>}
        {comments.data?.items.map((c) => (
          <div key={c.id} style={{ padding: '8px 0', borderBottom: '1px solid #f0ece7' }} data-testid="rf-comment">
            <div style={{ fontSize: 13, color: '#8c847d', display: 'flex', alignItems: 'center', gap: 8 }}>
              <span style={{ flex: 1 }}>
                {c.memberName} · {fmtTime(c.at)}
              </span>
              {c.canDelete && (
                <Button
                  type="text"
                  size="small"
                  danger
                  icon={<DeleteOutlined />}
                  aria-label={S.deleteComment}
                  data-testid="rf-comment-delete"
                  onClick={() =>
                    modal.confirm({
                      title: S.deleteCommentConfirm,
                      okButtonProps: { danger: true },
                      okText: S.deleteComment,
                      onOk: async () => {
                        await remove.mutateAsync(c.id);
                        toastSuccess(S.commentDeleted);
                      },
                    })
                  }
                >
                  {S.deleteComment}
                </Button>
              )}
            </div>
            <div style={{ whiteSpace: 'pre-wrap', fontSize: 15 }}>{c.body}</div>
          </div>
        ))}
      </div>
      <div style={{ display: 'flex', gap: 8, marginTop: 10 }}>
        <Input.TextArea value={comment} onChange={(e) => setComment(e.target.value)} maxLength={500} autoSize={{ minRows: 1, maxRows: 4 }} placeholder={S.commentPlaceholder} data-testid="rf-comment-input" />
        <Button type="primary" disabled={!comment.trim()} loading={add.isPending} onClick={() => add.mutateAsync(comment.trim()).then(() => setComment(''))} data-testid="rf-comment-send">
          {S.send}
        </Button>
      </div>
    </Card>
  );
}

/** Puts text on the clipboard; on plain http (a town's LAN) the Clipboard API is missing, so the old way too. */
async function copyText(text: string): Promise<boolean> {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    /* fall through */
  }
  const ta = document.createElement('textarea');
  ta.value = text;
  ta.setAttribute('readonly', '');
  ta.style.position = 'fixed';
  ta.style.opacity = '0';
  document.body.appendChild(ta);
  ta.select();
  try {
    return document.execCommand('copy');
  } catch {
    return false;
  } finally {
    ta.remove();
  }
}

/**
 * Text this device wrote but never got to the server, for a reflection that was
 * submitted meanwhile from another device: shown, to copy or to discard — never
 * left silently in the browser's storage. A local copy with nothing unsent goes quietly.
 */
function LeftoverNotice({ r }: { r: Reflection }) {
  const me = useSignedIn();
  const { message, modal } = App.useApp();
  const key = draftKey(me.user.id, r.id);
  const [local, setLocal] = useState<LocalDraft | null>(() => readLocal(key));
  const [open, setOpen] = useState(false);
  const unsent = local !== null && local.dirty && (local.html !== r.bodyHtml || local.title !== r.title);
  useEffect(() => {
    if (local && !unsent) removeLocal(key);
  }, [local, unsent, key]);
  if (!local || !unsent) return null;
  const text = `${local.title}\n\n${safeText(local.html).trim()}`;
  return (
    <Alert
      type="warning"
      showIcon
      style={{ margin: 12 }}
      data-testid="rf-leftover"
      title={S.leftoverTitle}
      description={
        <div>
          <div>{S.leftoverText(fmtDateTime(local.savedAt), countHtml(local.html))}</div>
          {open && (
            <div
              data-testid="rf-leftover-text"
              style={{ marginTop: 8, maxHeight: 240, overflow: 'auto', whiteSpace: 'pre-wrap', background: '#fff', border: '1px solid #f0e0b0', borderRadius: 6, padding: 8, fontSize: 14, userSelect: 'text' }}
            >
              {text}
            </div>
          )}
          <div style={{ display: 'flex', gap: 8, flexWrap: 'wrap', marginTop: 8 }}>
            <Button
              icon={<CopyOutlined />}
              type="primary"
              data-testid="rf-leftover-copy"
              onClick={() =>
                void copyText(text).then((ok) => {
                  if (ok) void message.success(S.leftoverCopied);
                  else {
                    setOpen(true);
                    void message.warning(S.leftoverCopyFailed);
                  }
                })
              }
            >
              {S.leftoverCopy}
            </Button>
            <Button onClick={() => setOpen((o) => !o)} data-testid="rf-leftover-show">
              {open ? S.leftoverHide : S.leftoverShow}
            </Button>
            <Button
              danger
              data-testid="rf-leftover-discard"
              onClick={() =>
                modal.confirm({
                  title: S.leftoverDiscard,
                  content: S.leftoverDiscardConfirm,
                  okButtonProps: { danger: true },
                  okText: S.leftoverDiscard,
                  onOk: () => {
                    removeLocal(key);
                    setLocal(null);
                    toastSuccess(S.leftoverDiscarded);
                  },
                })
              }
            >
              {S.leftoverDiscard}
            </Button>
          </div>
        </div>
      }
    />
  );
}

function ReadView({ r, own }: { r: Reflection; own: boolean }) {
  const config = useConfig();
  const shared = Boolean(config.data?.sharedWithColleagues) && (r.status === 'approved' || r.status === 'excellent' || r.status === 'reported');
  const marks = useMemo(() => quoteMarks(r.bodyText, r.passageComments), [r.bodyText, r.passageComments]);
  const showResult = r.reviewComment || r.scores || r.passageComments.length > 0;
  return (
    <>
      <TopBar title={own ? S.readTitle : S.sharedTitle} back={own ? '/reflections' : '/reflections/shared'} />
      {own && <LeftoverNotice key={r.id} r={r} />}
      <article style={{ background: '#fff', padding: '14px 16px 20px' }}>
        <div style={{ display: 'flex', alignItems: 'center', gap: 8, flexWrap: 'wrap' }}>
          <StatusTag status={r.status} />
          <span style={{ fontSize: 13, color: '#8c847d' }}>
            {S.count(r.charCount)}
            {r.submittedAt ? ` · ${fmtTime(r.submittedAt)}` : ''}
          </span>
        </div>
        <h2 style={{ fontSize: 21, margin: '10px 0 4px', lineHeight: 1.4 }} data-testid="rf-read-title">
          {r.title}
        </h2>
        <div style={{ fontSize: 13, color: '#8c847d', marginBottom: 12 }}>
          {r.memberName} · {r.unitName} · 《{plainTitle(r.bookTitle)}》
        </div>
        <SafeHtml html={r.bodyHtml} marks={marks} testId="rf-read-body" />
      </article>
      {own && showResult && (
        <Card size="small" title={S.myResult} style={{ margin: 12 }} data-testid="rf-result">
          {r.scores && (
            <div style={{ display: 'flex', gap: 8, flexWrap: 'wrap', marginBottom: 8 }}>
              {r.scores.map((s) => (
                <Tag key={s.name}>
                  {s.name} {s.points}/{s.max}
                </Tag>
              ))}
              {r.score !== null && <Tag color="red">{S.score(r.score)}</Tag>}
            </div>
          )}
          {r.reviewComment && (
            <div style={{ whiteSpace: 'pre-wrap' }} data-testid="rf-review-comment">
              {r.reviewComment}
            </div>
          )}
          {r.passageComments.map((p, i) => (
            <div key={i} style={{ marginTop: 8 }}>
              <mark className="rf-passage">{p.quote}</mark>
              <div>→ {p.comment}</div>
            </div>
          ))}
        </Card>
      )}
      {(!own || shared) && <Likes r={r} />}
      {own && r.events.length > 0 && (
        <Card size="small" title={S.history} style={{ margin: 12 }}>
          <Timeline
            items={r.events.map((e) => ({
              key: e.id,
              content: (
                <div>
                  <div>
                    {ACTION_LABEL[e.action] ?? e.action} · {e.actorName}
                  </div>
                  <div style={{ fontSize: 12, color: '#8c847d' }}>{fmtDateTime(e.at)}</div>
                  {e.comment && <div style={{ whiteSpace: 'pre-wrap', fontSize: 13 }}>{e.comment}</div>}
                </div>
              ),
            }))}
          />
        </Card>
      )}
    </>
  );
}

// ---------------------------------------------------------------- the page

function useBookTitle(bookId: number | null) {
  return useQuery({
    queryKey: ['reflections', 'book-title', bookId],
    queryFn: () => api.get<BookDetailDto>(`/library/books/${bookId}`).then((d) => d.book.title),
    enabled: bookId !== null,
    staleTime: Infinity,
  });
}

/** /reflections/new: the book first (from the URL, the plan or the catalog), then the editor. */
function NewReflection({ frozen, onCreated, onSubmitted }: { frozen: URLSearchParams | null; onCreated: (r: Reflection, params: URLSearchParams) => void; onSubmitted: (r: Reflection) => void }) {
  const [urlParams, setParams] = useSearchParams();
  // Once created, the URL is /reflections/:id: the book stays what it was.
  const params = frozen ?? urlParams;
  const bookId = Number(params.get('book')) || null;
  const planItemId = Number(params.get('planItem')) || null;
  const freeTitle = params.get('title');
  const bookTitle = useBookTitle(bookId);
  const books = useFinishedBooks();
  const mine = useMine();

  if (!bookId && !freeTitle && !planItemId) {
    return (
      <BookPicker
        onPick={(b) => {
          const next = new URLSearchParams();
          if (b.bookId) next.set('book', String(b.bookId));
          else next.set('title', b.bookTitle);
          if (b.planItemId) next.set('planItem', String(b.planItemId));
          setParams(next);
        }}
      />
    );
  }
  if ((bookId && bookTitle.isPending) || books.isPending || mine.isPending) return <Skeleton active style={{ padding: 16 }} />;
  // Already writing about this book: open that reflection rather than a second one.
  const planned = planItemId ? books.data?.items.find((b) => b.planItemId === planItemId) : undefined;
  const existing = frozen
    ? undefined
    : planned?.reflectionId ?? mine.data?.items.find((r) => (r.status === 'draft' || r.status === 'returned') && ((bookId && r.bookId === bookId) || (planItemId && r.planItemId === planItemId)))?.id;
  if (existing) return <ExistingRedirect id={existing} />;
  const title = bookTitle.data ?? planned?.bookTitle ?? freeTitle ?? '';
  const book: BookChoice = { planItemId, bookId, bookTitle: title };
  const bookKey = `${bookId ?? ''}.${planItemId ?? ''}.${bookId ? '' : (freeTitle ?? '')}`;
  return <EditView initial={null} book={book} bookKey={bookKey} onCreated={(r) => onCreated(r, params)} onSubmitted={onSubmitted} />;
}

function ExistingRedirect({ id }: { id: number }) {
  const navigate = useNavigate();
  useEffect(() => {
    void navigate(`/reflections/${id}`, { replace: true });
  }, [id, navigate]);
  return <Skeleton active style={{ padding: 16 }} />;
}

export default function ReflectionPage() {
  const { id: idParam } = useParams();
  const me = useSignedIn();
  const navigate = useNavigate();
  // A reflection created on this page keeps its editor (and the keyboard) when the URL gets its id.
  const [created, setCreated] = useState<number | null>(null);
  const [frozen, setFrozen] = useState<URLSearchParams | null>(null);
  const id = Number(idParam);
  const isNew = idParam === 'new' || (created !== null && created === id);
  const one = useReflection(isNew ? 0 : id);

  if (isNew) {
    return (
      <NewReflection
        frozen={frozen}
        onCreated={(r, params) => {
          setFrozen(new URLSearchParams(params));
          setCreated(r.id);
          void navigate(`/reflections/${r.id}`, { replace: true });
        }}
        onSubmitted={(r) => {
          setCreated(null);
          setFrozen(null);
          void navigate(`/reflections/${r.id}`, { replace: true });
        }}
      />
    );
  }
  if (!Number.isInteger(id) || id <= 0) return <StatusPage kind="notFound" />;
  if (one.isPending) return <Skeleton active style={{ padding: 16 }} />;
  if (one.isError) {
    const e = one.error;
    return (
      <>
        <TopBar title={S.readTitle} back="/reflections" />
        <Card style={{ margin: 12 }}>
          <Empty description={errorMessage(e)}>
            <Link to="/reflections">
              <Button>{S.mine}</Button>
            </Link>
          </Empty>
        </Card>
      </>
    );
  }
  const r = one.data;
  const own = me.member !== null && r.memberId === me.member.id;
  if (own && r.canEdit) {
    return <EditView key={r.id} initial={r} book={{ planItemId: r.planItemId, bookId: r.bookId, bookTitle: r.bookTitle }} onSubmitted={() => void one.refetch()} />;
  }
  return <ReadView r={r} own={own} />;
}

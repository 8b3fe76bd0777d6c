// The reflection editor: TipTap limited to what a reflection needs (paragraphs,
// h2/h3, bold, italic, lists, quotes), a toolbar with thumb-sized buttons that
// stays at the top while writing (the phone keyboard covers the bottom), paste
// from Word or WeChat cleaned to plain structure, and the reviewer's passage
// comments highlighted in the text while revising.
import { useEffect, useMemo, useRef, type ReactNode } from 'react';
import { EditorContent, Extension, useEditor, useEditorState, type Editor } from '@tiptap/react';
import StarterKit from '@tiptap/starter-kit';
import { Plugin, PluginKey } from '@tiptap/pm/state';
import { Decoration, DecorationSet } from '@tiptap/pm/view';
import type { Node as PmNode } from '@tiptap/pm/model';
import { BoldOutlined, ItalicOutlined, OrderedListOutlined, RedoOutlined, UndoOutlined, UnorderedListOutlined } from '@ant-design/icons';
import { cleanPastedHtml } from '../cleanPaste';
import { S } from '../strings';
import './editor.css';

const highlightKey = new PluginKey<DecorationSet>('passageHighlights');

/** Yellow marks over the reviewer's quoted passages (each quote inside one block). */
function highlights(doc: PmNode, quotes: string[]): DecorationSet {
  const decos: Decoration[] = [];
  const wanted = quotes.map((q) => q.trim()).filter((q) => q.length > 0);
  if (wanted.length === 0) return DecorationSet.empty;
  doc.descendants((node, pos) => {
    if (!node.isTextblock) return true;
    const text = node.textContent;
    for (const q of wanted) {
      let i = text.indexOf(q);
      while (i >= 0) {
        decos.push(Decoration.inline(pos + 1 + i, pos + 1 + i + q.length, { class: 'rf-passage' }));
        i = text.indexOf(q, i + q.length);
      }
    }
    return false;
  });
  return DecorationSet.create(doc, decos);
}

function passageExtension(quotes: string[]) {
  return Extension.create({
    name: 'passageHighlights',
    addProseMirrorPlugins() {
      return [
        new Plugin<DecorationSet>({
          key: highlightKey,
          state: {
            init: (_, state) => highlights(state.doc, quotes),
            apply: (tr, old) => (tr.docChanged ? highlights(tr.doc, quotes) : old),
          },
          props: { decorations: (state) => highlightKey.getState(state) },
        }),
      ];
    },
  });
}

function ToolButton({ label, active, disabled, onClick, children, testId }: { label: string; active?: boolean; disabled?: boolean; onClick: () => void; children: ReactNode; testId?: string }) {
  return (
    <button
      type="button"
      className={`rf-tool${active ? ' rf-tool-on' : ''}`}
      aria-label={label}
      title={label}
      aria-pressed={active}
      disabled={disabled}
      data-testid={testId}
      // Keep the focus (and the phone keyboard) in the text.
      onMouseDown={(e) => e.preventDefault()}
      onClick={onClick}
    >
      {children}
    </button>
  );
}

function Toolbar({ editor }: { editor: Editor }) {
  const st = useEditorState({
    editor,
    selector: ({ editor: e }) => ({
      h2: e.isActive('heading', { level: 2 }),
      h3: e.isActive('heading', { level: 3 }),
      p: e.isActive('paragraph') && !e.isActive('bulletList') && !e.isActive('orderedList') && !e.isActive('blockquote'),
      bold: e.isActive('bold'),
      italic: e.isActive('italic'),
      bullet: e.isActive('bulletList'),
      ordered: e.isActive('orderedList'),
      quote: e.isActive('blockquote'),
      undo: e.can().undo(),
      redo: e.can().redo(),
    }),
  });
  const c = () => editor.chain().focus();
  return (
    <div className="rf-toolbar" role="toolbar" aria-label="格式" data-testid="rf-toolbar">
      <ToolButton label={S.tb.paragraph} active={st.p} onClick={() => c().setParagraph().run()}>
        <span className="rf-tool-text">{S.tb.paragraph}</span>
      </ToolButton>
      <ToolButton label={S.tb.h2} active={st.h2} onClick={() => c().toggleHeading({ level: 2 }).run()} testId="rf-tool-h2">
        <span className="rf-tool-text">{S.tb.h2}</span>
      </ToolButton>
      <ToolButton label={S.tb.h3} active={st.h3} onClick={() => c().toggleHeading({ level: 3 }).run()}>
        <span className="rf-tool-text">{S.tb.h3}</span>
      </ToolButton>
      <span className="rf-tool-sep" />
      <ToolButton label={S.tb.bold} active={st.bold} onClick={() => c().toggleBold().run()} testId="rf-tool-bold">
        <BoldOutlined />
      </ToolButton>
      <ToolButton label={S.tb.italic} active={st.italic} onClick={() => c().toggleItalic().run()}>
        <ItalicOutlined />
      </ToolButton>
      <ToolButton label={S.tb.bullet} active={st.bullet} onClick={() => c().toggleBulletList().run()}>
        <UnorderedListOutlined />
      </ToolButton>
      <ToolButton label={S.tb.ordered} active={st.ordered} onClick={() => c().toggleOrderedList().run()}>
        <OrderedListOutlined />
      </ToolButton>
      <ToolButton label={S.tb.quote} active={st.quote} onClick={() => c().toggleBlockquote().run()}>
        <span className="rf-tool-text" style={{ fontSize: 20, fontFamily: 'Georgia, serif' }}>
          “
        </span>
      </ToolButton>
      <span className="rf-tool-sep" />
      <ToolButton label={S.tb.undo} disabled={!st.undo} onClick={() => c().undo().run()}>
        <UndoOutlined />
      </ToolButton>
      <ToolButton label={S.tb.redo} disabled={!st.redo} onClick={() => c().redo().run()}>
        <RedoOutlined />
      </ToolButton>
    </div>
  );
}

function Placeholder({ editor }: { editor: Editor }) {
  const empty = useEditorState({ editor, selector: ({ editor: e }) => e.isEmpty });
  return empty ? (
    <div className="rf-placeholder" aria-hidden>
      {S.bodyPlaceholder}
    </div>
  ) : null;
}

export interface ReflectionEditorProps {
  /** HTML at mount; later changes go through `replaceWith`. */
  initialHtml: string;
  onChange: (html: string) => void;
  /** Quotes from the reviewer, highlighted in the text. */
  passages?: string[];
  /** The longest text a paste may bring (the server's limit), in characters. */
  maxPasteChars?: number;
  onPasteRefused?: () => void;
  /** Where the toolbar sticks (below a sticky page header). */
  stickyTop?: number;
  /** Lets the page swap the content (taking the server copy). */
  editorRef?: (e: Editor | null) => void;
}

export function ReflectionEditor({ initialHtml, onChange, passages = [], maxPasteChars, onPasteRefused, stickyTop = 0, editorRef }: ReflectionEditorProps) {
  const changeRef = useRef(onChange);
  const pasteRef = useRef({ maxPasteChars, onPasteRefused });
  useEffect(() => {
    changeRef.current = onChange;
    pasteRef.current = { maxPasteChars, onPasteRefused };
  });
  const quotesKey = passages.join('\u0000');
  const extensions = useMemo(() => [
    StarterKit.configure({
      heading: { levels: [2, 3] },
      code: false,
      codeBlock: false,
      horizontalRule: false,
      strike: false,
      underline: false,
      link: false,
    }),
    passageExtension(quotesKey ? quotesKey.split('\u0000') : []),
  ], [quotesKey]);

  const editor = useEditor(
    {
      extensions,
      content: initialHtml,
      immediatelyRender: true,
      shouldRerenderOnTransaction: false,
      editorProps: {
        attributes: { class: 'rf-prose', 'data-testid': 'rf-editor', 'aria-label': S.bodyPlaceholder, spellcheck: 'false' },
        transformPastedHTML: (html) => cleanPastedHtml(html),
        handlePaste: (_view, event) => {
          const { maxPasteChars: max, onPasteRefused: refused } = pasteRef.current;
          if (!max) return false;
          const data = event.clipboardData;
          const html = data?.getData('text/html') ?? '';
          const text = data?.getData('text/plain') || (html ? (new DOMParser().parseFromString(html, 'text/html').body.textContent ?? '') : '');
          if (text.length > max) {
            refused?.();
            return true; // handled: nothing inserted
          }
          return false;
        },
      },
      onUpdate: ({ editor: e }) => changeRef.current(e.isEmpty ? '' : e.getHTML()),
    },
    [extensions],
  );

  useEffect(() => {
    editorRef?.(editor);
    return () => editorRef?.(null);
  }, [editor, editorRef]);

  return (
    <div className="rf-editor">
      <div className="rf-toolbar-wrap" style={{ top: stickyTop }}>
        <Toolbar editor={editor} />
      </div>
      <div style={{ position: 'relative' }}>
        <Placeholder editor={editor} />
        <EditorContent editor={editor} />
      </div>
    </div>
  );
}

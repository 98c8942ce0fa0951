import { useState } from 'react';
import { dialog, problem } from '../../api/clients';
import { useI18n } from '../../i18n';
import { useContentText } from './content.strings';
import { ContentMenuNode, Localized, Script, SCRIPTS } from './content-model';
import { MENU_ENTRY_LIMIT, menuRequest, menusOf, moveEntry, moveToMenu, relabel } from './menu-edits';

/**
 * The admin's editor of the menu tree in the draft: reorder entries, move them between sub-menus,
 * rename a sub-menu in each script. The tree is sent whole (PUT /dialog/content/draft/menu); what the
 * API refuses (Viber's keyboard limits among it) is shown as it says it, and nothing is saved.
 */
export function MenuEditor({ menu, saved }: { menu: ContentMenuNode; saved(): void }) {
  const { t, lang } = useI18n();
  const tx = useContentText();
  const [tree, setTree] = useState(menu);
  // Sub-menus whose Latin label changed and whose Cyrillic the admin left to the API to generate.
  const [generated, setGenerated] = useState<ReadonlySet<string>>(new Set());
  const [problems, setProblems] = useState<string[]>([]);
  const [saving, setSaving] = useState(false);
  const script: Script = lang === 'en' ? 'en' : 'cnr-Latn';
  const menus = menusOf(tree);
  const changed = JSON.stringify(tree) !== JSON.stringify(menu) || generated.size > 0;

  const save = async () => {
    setSaving(true);
    const { error, response } = await dialog.PUT('/dialog/content/draft/menu', {
      body: menuRequest(tree, generated) as never,
    });
    setSaving(false);
    if (!response.ok) {
      const listed = (error as { problems?: unknown } | undefined)?.problems;
      setProblems(Array.isArray(listed) ? listed.map(String) : [problem(error, response.status)]);
      return;
    }
    setProblems([]);
    saved();
  };

  const rename = (node: ContentMenuNode, s: Script, value: string) => {
    const label: Localized = { ...node.label, [s]: value };
    const next = new Set(generated);
    // A new Latin label brings a new Cyrillic one unless the admin writes it themself.
    if (s === 'cnr-Latn') {
      next.add(node.id);
      label['cnr-Cyrl'] = '';
    }
    if (s === 'cnr-Cyrl') next.delete(node.id);
    setGenerated(next);
    setTree(relabel(tree, node.id, label));
  };

  const level = (node: ContentMenuNode) => {
    const children = node.children ?? [];
    return (
      <ul className="menu-edit-level">
        {children.map((c, i) => {
          const name = c.label[script] || c.id;
          const targets = menus.filter(
            (m) => m.id !== node.id && m.id !== c.id && !(c.children && isBelow(tree, c.id, m.id)),
          );
          return (
            <li key={c.id} data-menu-entry={c.id}>
              <div className="row menu-edit-entry">
                <span className="grow">
                  {c.children ? <strong>{name}</strong> : name}{' '}
                  <span className="muted">({c.topic ?? tx('subMenu')})</span>
                </span>
                <button
                  type="button"
                  aria-label={tx('moveUp', { name })}
                  disabled={i === 0}
                  onClick={() => setTree(moveEntry(tree, c.id, -1))}
                >
                  ↑
                </button>
                <button
                  type="button"
                  aria-label={tx('moveDown', { name })}
                  disabled={i === children.length - 1}
                  onClick={() => setTree(moveEntry(tree, c.id, 1))}
                >
                  ↓
                </button>
                <select
                  aria-label={tx('moveTo', { name })}
                  value=""
                  onChange={(e) => e.target.value && setTree(moveToMenu(tree, c.id, e.target.value))}
                >
                  <option value="">{tx('moveToPrompt')}</option>
                  {targets.map((m) => (
                    <option key={m.id} value={m.id}>
                      {'— '.repeat(m.depth)}
                      {m.label[script] || m.id}
                    </option>
                  ))}
                </select>
              </div>
              {c.children ? (
                <>
                  <details className="menu-rename">
                    <summary>{tx('renameSubMenu', { name })}</summary>
                    <div className="langs">
                      {SCRIPTS.map((s) => (
                        <label key={s}>
                          {tx(s === 'cnr-Latn' ? 'scriptLatn' : s === 'cnr-Cyrl' ? 'scriptCyrl' : 'scriptEn')}
                          <input
                            value={c.label[s]}
                            placeholder={
                              s === 'cnr-Cyrl' && generated.has(c.id) ? tx('fromLatin') : undefined
                            }
                            onChange={(e) => rename(c, s, e.target.value)}
                          />
                        </label>
                      ))}
                    </div>
                  </details>
                  <p className={c.children.length > MENU_ENTRY_LIMIT ? 'muted over-limit' : 'muted'}>
                    {tx('entriesOf', { n: c.children.length, max: MENU_ENTRY_LIMIT })}
                  </p>
                  {level(c)}
                </>
              ) : null}
            </li>
          );
        })}
      </ul>
    );
  };

  return (
    <section className="card menu-editor" aria-labelledby="menu-editor-title">
      <h2 id="menu-editor-title">{tx('menuEditor')}</h2>
      <p className="muted">{tx('menuEditorHint', { max: MENU_ENTRY_LIMIT })}</p>
      <p className={(tree.children ?? []).length > MENU_ENTRY_LIMIT ? 'muted over-limit' : 'muted'}>
        {tx('mainMenu')}: {tx('entriesOf', { n: (tree.children ?? []).length, max: MENU_ENTRY_LIMIT })}
      </p>
      {level(tree)}
      {problems.length ? (
        <div role="alert" className="menu-problems">
          <strong>{tx('menuRefused')}</strong>
          <ul>
            {problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <div className="row">
        <button type="button" className="primary" disabled={!changed || saving} onClick={() => void save()}>
          {tx('saveMenu')}
        </button>
        <button
          type="button"
          disabled={!changed}
          onClick={() => {
            setTree(menu);
            setGenerated(new Set());
            setProblems([]);
          }}
        >
          {t('cancel')}
        </button>
      </div>
    </section>
  );
}

/** Whether `id` is `ancestor` or one of its descendants' ids. */
function isBelow(root: ContentMenuNode, ancestor: string, id: string): boolean {
  const find = (n: ContentMenuNode): ContentMenuNode | undefined =>
    n.id === ancestor ? n : (n.children ?? []).map(find).find(Boolean);
  const top = find(root);
  const within = (n: ContentMenuNode): boolean => n.id === id || (n.children ?? []).some(within);
  return !!top && within(top);
}

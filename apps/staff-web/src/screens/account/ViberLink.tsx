import { useCallback, useEffect, useState } from 'react';
import { broadcast, ok } from '../../api/clients';
import { useI18n } from '../../i18n';
import { useToast } from '../../toast';
import { useMessages } from '../messages';
import { accountMessages } from './messages';

/**
 * Links the staff member's own Viber account, where campaign test sends go (broadcast's
 * /broadcast/me/viber-link): a one-time code here, sent to the bot from the phone, which the dialog
 * hands to broadcast.
 */
export function ViberLink() {
  const { dateTime } = useI18n();
  const m = useMessages(accountMessages);
  const toast = useToast();
  const [linkedAt, setLinkedAt] = useState<string | null | undefined>(undefined);
  const [code, setCode] = useState<{ code: string; expiresAt: string } | null>(null);

  const check = useCallback(async (): Promise<boolean> => {
    const r = await broadcast.GET('/broadcast/me/viber-link');
    const link = r.data as unknown as { linked: boolean; linkedAt: string | null } | undefined;
    setLinkedAt(link?.linked ? link.linkedAt : null);
    return !!link?.linked;
  }, []);
  useEffect(() => void check(), [check]);

  const issue = async () => {
    try {
      const answer = await ok(broadcast.POST('/broadcast/me/viber-link'));
      setCode(answer as unknown as { code: string; expiresAt: string });
    } catch (e) {
      toast((e as Error).message);
    }
  };
  const sent = async () => {
    const linked = await check();
    toast(linked ? m('viberNowLinked') : m('viberStillWaiting'));
    if (linked) setCode(null);
  };

  return (
    <section className="card narrow" aria-labelledby="viber-title">
      <h2 id="viber-title">{m('viberTitle')}</h2>
      <p>{m('viberIntro')}</p>
      <p data-viber-linked={linkedAt ? 'yes' : 'no'}>
        {linkedAt === undefined
          ? ''
          : linkedAt
            ? m('viberLinked', { at: dateTime(linkedAt) })
            : m('viberNotLinked')}
      </p>
      {code ? (
        <div>
          <p>{m('viberSendCode')}</p>
          <p className="code" data-link-code={code.code}>
            <strong>{code.code}</strong> ({m('viberExpires', { at: dateTime(code.expiresAt) })})
          </p>
          <button type="button" onClick={() => void sent()}>
            {m('viberCheck')}
          </button>
        </div>
      ) : (
        <button type="button" onClick={() => void issue()}>
          {m('viberGetCode')}
        </button>
      )}
    </section>
  );
}

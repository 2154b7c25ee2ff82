import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { adminKeys, fetchAgents } from './api';
import { FormActions, FormError, Loading, useSave } from './ui';

/** The agents of a group (an inbox's or a team's members) as a checklist saved in one request. */
export function MemberChecklist({
  accountId,
  title,
  intro,
  membersKey,
  fetchMembers,
  saveMembers,
  canEdit,
}: {
  accountId: number;
  title: string;
  intro?: string;
  membersKey: readonly unknown[];
  fetchMembers: () => Promise<{ id: number }[]>;
  saveMembers: (userIds: number[]) => Promise<unknown>;
  canEdit: boolean;
}) {
  const agents = useQuery({ queryKey: adminKeys.agents(accountId), queryFn: () => fetchAgents(accountId) });
  const members = useQuery({ queryKey: membersKey, queryFn: fetchMembers });
  const [draft, setDraft] = useState<number[] | null>(null);
  const [saved, setSaved] = useState(false);
  const ids = draft ?? (members.data ?? []).map((m) => m.id);
  const save = useSave(saveMembers, [membersKey], () => {
    setDraft(null);
    setSaved(true);
  });
  return (
    <form
      className="card form"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate(ids);
      }}
    >
      <h2>{title}</h2>
      {intro && <p className="muted">{intro}</p>}
      <Loading query={members} />
      <fieldset disabled={!canEdit}>
        <ul className="check-list">
          {(agents.data ?? []).map((a) => (
            <li key={a.id}>
              <label>
                <input
                  type="checkbox"
                  checked={ids.includes(a.id)}
                  onChange={(e) => {
                    setSaved(false);
                    setDraft(e.target.checked ? [...ids, a.id] : ids.filter((x) => x !== a.id));
                  }}
                />
                {a.available_name || a.name}
              </label>
            </li>
          ))}
        </ul>
        <FormError error={save.error} fields={[]} />
        {canEdit && <FormActions pending={save.isPending} saved={saved && save.isSuccess} />}
      </fieldset>
    </form>
  );
}

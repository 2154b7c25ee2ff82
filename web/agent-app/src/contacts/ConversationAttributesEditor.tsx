import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ActionError } from '../actions/ActionError';
import { ApiError } from '../api/http';
import type { Conversation } from '../api/types';
import { keys } from '../conversations/api';
import { setConversationAttributes, type AttributeDefinition } from './api';
import { AttributeInput } from './AttributeInput';
import { valueFromInput } from './attributes';

/** The conversation's defined custom attributes, editable in the side panel (checked by the server). */
export function ConversationAttributesEditor({ conversation, definitions }: { conversation: Conversation; definitions: AttributeDefinition[] }) {
  const { t } = useTranslation();
  const formId = useId();
  const queryClient = useQueryClient();
  const [changes, setChanges] = useState<Record<string, string | boolean>>({});
  const save = useMutation({
    mutationFn: () => {
      const body: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(changes)) {
        body[key] = valueFromInput(definitions.find((d) => d.attribute_key === key), value);
      }
      return setConversationAttributes(conversation.account_id, conversation.id, body);
    },
    onSuccess: async () => {
      setChanges({});
      await queryClient.invalidateQueries({ queryKey: keys.conversation(conversation.account_id, conversation.id) });
    },
  });
  if (definitions.length === 0) return null;
  const errors = save.error instanceof ApiError ? save.error.fieldErrors : [];
  const current = conversation.custom_attributes ?? {};
  return (
    <form
      className="attributes-editor"
      aria-label={t('panel.conversationAttributes')}
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <h3>{t('panel.conversationAttributes')}</h3>
      {definitions.map((d) => {
        const id = `${formId}-${d.attribute_key}`;
        const error = errors.find((e) => e.field === `custom_attributes.${d.attribute_key}`)?.message;
        return (
          <div key={d.id} className={`field${error ? ' field--invalid' : ''}`}>
            <label className="field__label" htmlFor={id}>
              {d.attribute_display_name}
            </label>
            <AttributeInput
              id={id}
              definition={d}
              value={d.attribute_key in changes ? changes[d.attribute_key] : current[d.attribute_key]}
              invalid={!!error}
              onChange={(v) => setChanges((c) => ({ ...c, [d.attribute_key]: v }))}
            />
            {error && (
              <span className="field-error" role="alert">
                {error}
              </span>
            )}
          </div>
        );
      })}
      {save.error && errors.length === 0 && <ActionError error={save.error} />}
      <button type="submit" className="button" disabled={Object.keys(changes).length === 0 || save.isPending}>
        {t('contacts.save')}
      </button>
    </form>
  );
}

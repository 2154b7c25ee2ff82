// The settings area, loaded on demand (its own chunk): see App.tsx.
export { AccountPage } from './AccountPage';
export { AgentsPage } from './AgentsPage';
export { InboxesPage } from './InboxesPage';
export { SettingsLayout } from './SettingsLayout';
export { CustomAttributesPage } from './CustomAttributesPage';
export { CannedResponsesPage, LabelsPage, WrapUpReasonsPage } from './SimplePages';
export { StoriesPage } from './StoriesPage';
export { TeamsPage } from './TeamsPage';
export { WebhooksPage } from './WebhooksPage';
export { BotsPage } from './BotsPage';
export { SlackPage } from './SlackPage';
export { AuditLogPage } from './AuditLogPage';

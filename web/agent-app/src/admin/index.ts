// The settings area, loaded on demand (its own chunk): see App.tsx.
export { AccountPage } from './AccountPage';
export { AgentsPage } from './AgentsPage';
export { InboxesPage } from './InboxesPage';
export { SettingsLayout } from './SettingsLayout';
export { CannedResponsesPage, LabelsPage, WrapUpReasonsPage } from './SimplePages';
export { StoriesPage } from './StoriesPage';
export { TeamsPage } from './TeamsPage';

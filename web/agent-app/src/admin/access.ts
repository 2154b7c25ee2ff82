/** Administrators edit the settings, supervisors read them; agents never see them. */
export function settingsAccess(role: string | undefined): 'edit' | 'read' | 'none' {
  if (role === 'administrator') return 'edit';
  if (role === 'supervisor') return 'read';
  return 'none';
}

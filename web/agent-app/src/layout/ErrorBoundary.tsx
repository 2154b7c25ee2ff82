import { Component, type ReactNode } from 'react';
import { Translation } from 'react-i18next';

/** Keeps a rendering bug in one pane from blanking the whole workspace. */
export class ErrorBoundary extends Component<{ children: ReactNode; resetKey?: unknown }, { error: Error | null }> {
  state: { error: Error | null } = { error: null };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  componentDidUpdate(previous: { resetKey?: unknown }) {
    if (this.state.error && previous.resetKey !== this.props.resetKey) this.setState({ error: null });
  }

  render() {
    if (!this.state.error) return this.props.children;
    return (
      <Translation>
        {(t) => (
          <section className="conversation conversation--empty" role="alert">
            <p>{t('app.genericError')}</p>
            <button type="button" className="button" onClick={() => this.setState({ error: null })}>
              {t('app.retry')}
            </button>
          </section>
        )}
      </Translation>
    );
  }
}

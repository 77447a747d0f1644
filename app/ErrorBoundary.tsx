// Catches a render error anywhere below it and shows what happened with a way back,
// instead of a blank page.

import { Component, type ReactNode } from 'react';

interface Props {
  children: ReactNode;
}
interface State {
  error: Error | null;
}

export class ErrorBoundary extends Component<Props, State> {
  state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  render() {
    const { error } = this.state;
    if (!error) return this.props.children;
    return (
      <div role="alert" className="notice notice-error">
        <h2>Something went wrong on this page</h2>
        <p>
          NormLab hit an unexpected error: <code>{error.message}</code>
        </p>
        <p>
          <button
            type="button"
            onClick={() => {
              window.location.hash = '#/';
              this.setState({ error: null });
            }}
          >
            Back to the start
          </button>{' '}
          or{' '}
          <button type="button" onClick={() => window.location.reload()}>
            reload the page
          </button>
        </p>
      </div>
    );
  }
}

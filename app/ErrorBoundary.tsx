// Catches a render error anywhere below it and shows what happened with a way back,
// instead of a blank page.

import { Component, type ReactNode } from 'react';
import { ChunkLoadFailed, OUTDATED_OR_OFFLINE } from './ui/load-failure.ts';

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
    if (error instanceof ChunkLoadFailed) {
      // Not a bug: the page's code is gone from the server (a deploy) or the network dropped.
      return (
        <div role="alert" className="notice notice-error">
          <h2>This page could not load</h2>
          <p>Its code could not be fetched: {OUTDATED_OR_OFFLINE}. Reload the page to continue.</p>
          <p>
            <button type="button" onClick={() => window.location.reload()}>
              Reload the page
            </button>
          </p>
        </div>
      );
    }
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

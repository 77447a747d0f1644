export function Lab() {
  return (
    <article className="page">
      <h1>The Lab</h1>
      <p className="lede">
        The free-experiment bench: pick a data set, a network and a normalizer, train it live, and compare
        runs side by side.
      </p>
      <p className="notice">
        The training controls and live views are being built. The engine that will run them is already loaded
        in a Web Worker (see the status below).
      </p>
    </article>
  );
}

export function NotFound({ path }: { path: string }) {
  return (
    <article className="page">
      <h1>Nothing here</h1>
      <p>
        There is no page at <code>{path}</code>. The link may be mistyped or from a newer version of NormLab.
      </p>
      <p>
        <a href="#/lessons">See all lessons</a> or <a href="#/lab">open the Lab</a>.
      </p>
    </article>
  );
}

// Placeholder while the screen is built (issue 4).
export function WorklistScreen(_props: { query: URLSearchParams }) {
  return <h1>Werkvoorraad</h1>;
}

// Placeholder while the screen is built (issue 4).
export function CasePage(_props: { caseId: string }) {
  return <h1>Casus</h1>;
}

import type { Tile } from './figure-tiles';

const STATE_TEXT: Record<Tile['state'], string> = {
  gehaald: 'Doel gehaald',
  'niet-gehaald': 'Doel niet gehaald',
  'geen-doel': 'Geen doel ingesteld',
  'geen-gegevens': 'Nog geen gegevens',
  'zonder-doel': 'Geen doelwaarde voor dit cijfer',
};
const STATE_ICON: Record<Tile['state'], string> = {
  gehaald: '✓',
  'niet-gehaald': '✗',
  'geen-doel': '',
  'geen-gegevens': '',
  'zonder-doel': '',
};

/**
 * The headline figures, each with its doelwaarde and whether it is met, said in words (the colour
 * and the icon only repeat it, WCAG 1.4.1). A list, so a screen reader says how many there are.
 */
export function Tiles({ tiles }: { tiles: Tile[] }) {
  return (
    <ul class="sturing-tiles">
      {tiles.map((tile) => (
        <li key={tile.key} class={`sturing-tile state-${tile.state}`} data-tile={tile.key}>
          <h3>{tile.title}</h3>
          <p class="tile-value">{tile.value}</p>
          {tile.detail ? <p class="tile-detail muted">{tile.detail}</p> : null}
          <p class="tile-target">
            {tile.target ? `doel: ${tile.target}` : tile.state === 'zonder-doel' ? 'doel: –' : 'doel: niet ingesteld'}
          </p>
          <p class="tile-state">
            {STATE_ICON[tile.state] ? (
              <span aria-hidden="true" class="tile-icon">
                {STATE_ICON[tile.state]}
              </span>
            ) : null}
            {STATE_TEXT[tile.state]}
          </p>
        </li>
      ))}
    </ul>
  );
}

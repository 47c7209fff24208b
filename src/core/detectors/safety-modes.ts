/**
 * Built-in blocked topics per safety-filter `mode` (the docs name the modes but not their lists; these
 * are this project's choice, written down in docs/detectors.md). `block_if` and `blocked_topics` ADD to
 * these: the reference page calls them additional, and an operator who sets a mode expects its
 * protections to stay on.
 */
export const MODE_TOPICS: Readonly<Record<string, readonly string[]>> = {
  critical_infrastructure: [
    'disable safety system',
    'bypass safety interlock',
    'scada exploit',
    'plc exploit',
    'attack the power grid',
    'sabotage the grid',
    'water treatment attack',
    'poison the water supply',
    'disable the alarm system',
  ],
  automotive: [
    'disable the brakes',
    'disable airbags',
    'tamper with the odometer',
    'bypass the immobilizer',
    'cut the brake lines',
  ],
  education: ['cheat on the exam', 'write my essay for me', 'buy exam answers', 'fake a doctors note'],
  law_enforcement: ['evade the police', 'destroy evidence', 'fake an alibi', 'bribe a witness', 'intimidate a witness'],
};

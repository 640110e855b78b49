import type { Random } from './random.js';

// Short enough that `${first}_${last}${id}` stays within the 30 characters of a username.
const FIRST = [
  'ada',
  'alan',
  'grace',
  'linus',
  'margaret',
  'dennis',
  'barbara',
  'ken',
  'frances',
  'edsger',
  'radia',
  'tim',
  'hedy',
  'donald',
  'katherine',
  'guido',
  'sophie',
  'james',
  'annie',
  'niklaus',
  'jean',
  'john',
  'mary',
  'leslie',
  'karen',
  'brian',
  'joan',
  'bjarne',
  'lynn',
  'yukihiro',
  'anita',
  'vint',
  'shafi',
  'robin',
  'evelyn',
  'tony',
  'carol',
  'peter',
  'sally',
  'whitfield',
];
const LAST = [
  'lovelace',
  'turing',
  'hopper',
  'torvalds',
  'hamilton',
  'ritchie',
  'liskov',
  'thompson',
  'allen',
  'dijkstra',
  'perlman',
  'lee',
  'lamarr',
  'knuth',
  'johnson',
  'rossum',
  'wilson',
  'gosling',
  'easley',
  'wirth',
  'sammet',
  'backus',
  'keller',
  'lamport',
  'jones',
  'kernighan',
  'clarke',
  'stroustrup',
  'conway',
  'matsumoto',
  'borg',
  'cerf',
  'goldwasser',
  'milner',
  'berezin',
  'hoare',
  'shaw',
  'naur',
  'floyd',
  'diffie',
];
const BIOS = [
  'Writes code, mostly in the morning.',
  'Coffee first, then compilers.',
  'Distributed systems, and the bugs between them.',
  'Here for the feed, staying for the people.',
  'Open source, open questions.',
  'I break things so you do not have to.',
  'Typing slowly, thinking fast.',
  'Mostly harmless.',
];
const WORDS = (
  'the a of to and in is it that for on with as was this at by be from or an are not have ' +
  'code build test deploy cache query index feed post like follow user server client network ' +
  'today yesterday tomorrow finally again still never always maybe really quite just new old ' +
  'fast slow small big simple hard easy weird great nice broken fixed shipped merged reviewed ' +
  'coffee tea lunch weekend morning night bug feature release branch commit review idea plan ' +
  'learned wrote read saw tried found think love hate need want made started finished wonder'
).split(' ');
const TAGS = ['#nestjs', '#typescript', '#mysql', '#redis', '#devlife', '#opensource', '#til'];

export interface PersonName {
  username: string;
  name: string;
}

export function personName(random: Random, id: number): PersonName {
  const first = random.pick(FIRST);
  const last = random.pick(LAST);
  const capital = (word: string) => word[0].toUpperCase() + word.slice(1);
  return { username: `${first}_${last}${id}`, name: `${capital(first)} ${capital(last)}` };
}

export function bio(random: Random): string {
  return random.next() < 0.4 ? '' : random.pick(BIOS);
}

/** One to three sentences of 4 to 18 words, sometimes a hashtag: 1 to 280 characters. */
export function postText(random: Random): string {
  const sentences: string[] = [];
  const count = 1 + random.int(3);
  for (let s = 0; s < count; s++) {
    const words = Array.from({ length: 4 + random.int(15) }, () => random.pick(WORDS));
    const sentence = words.join(' ');
    sentences.push(
      sentence[0].toUpperCase() + sentence.slice(1) + (random.next() < 0.2 ? '!' : '.'),
    );
  }
  let text = sentences.join(' ');
  if (random.next() < 0.25) text += ` ${random.pick(TAGS)}`;
  return text.slice(0, 280);
}

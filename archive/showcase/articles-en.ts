/**
 * The showcase's articles in English: a magazine feature and a librarian's blog post. Our own
 * writing; the places, publications and people are made up.
 */
import type { ShowcaseArticle } from './types.ts';

export const EN_ARTICLES: ShowcaseArticle[] = [
  {
    slug: 'night-ferry',
    title: 'The Night Ferry Still Runs',
    lang: 'en',
    byline: 'Maya Okonjo',
    source: 'The Harbour Review',
    publishedAt: '2024-02-09T06:00',
    url: 'https://www.harbourreview.example.com/features/2024/02/the-night-ferry-still-runs',
    layout: 'en-magazine',
    tags: ['city', 'transport'],
    highlights: [
      { paragraph: 1, quote: 'the last boat of the night leaves at 2:10 a.m.', color: 'blue', note: 'Compare with the minibus timetable in the Kowloon story.' },
      { paragraph: 4, quote: 'nobody has ever found a cheaper way to cross', color: 'pink' },
    ],
    paragraphs: [
      'At half past one on a Tuesday morning, the ferry terminal is the brightest building on the waterfront. A cleaner pushes a mop along the empty benches, a vending machine hums, and three people wait by the gate: a nurse going home after a late shift, a baker on his way to work, and a student who missed the last train.',
      'The crossing has run through the night since 1962, when dock workers asked for a boat that matched their shifts. The docks have long since moved downriver, but the timetable has barely changed: the last boat of the night leaves at 2:10 a.m., and the first morning boat at 5:40.',
      'Captain Ruth Almeida has steered the night service for eleven years. She knows most of her passengers by their coats. "People think nobody is out at this hour," she says, easing the boat away from the pier. "But the city never really stops. It just gets quieter."',
      'The night boats carry about four hundred passengers a week, a fraction of the daytime numbers. Every few years the service appears in a budget review, and every few years a petition saves it. The last one gathered nine thousand signatures, many from people who had used the ferry only once, on a night when nothing else was running.',
      'Transport officials point out that a night bus would be cheaper to run on paper. Regular passengers point out that the bus would take fifty minutes around the bay, against twelve across it, and that nobody has ever found a cheaper way to cross a river than to float over it.',
      'Halfway across, the baker steps out onto the open deck. The water is black and still, and the lights of the far shore lie on it in long, broken lines. "This is the best part of my day," he says. "Ten minutes when nobody can ask me for anything."',
      'At the other side, the gangway clatters down and the three passengers go their separate ways. Captain Almeida logs the crossing, checks the fuel and turns the boat around. In forty minutes she will do it all again.',
    ],
  },
  {
    slug: 'library-of-things',
    title: 'What Our Branch Learned From Lending Seeds, Drills and a Telescope',
    lang: 'en',
    byline: 'Daniel Reyes',
    source: 'Notes From the Stacks',
    publishedAt: '2023-06-14T18:30',
    url: 'https://stacks.example.org/2023/06/14/lending-things',
    layout: 'en-blog',
    tags: ['libraries', 'community'],
    paragraphs: [
      'Two years ago our small branch library started lending things that are not books. It began with a shelf of donated seed packets in a card catalogue drawer and grew, one request at a time, into a collection of about two hundred items: power drills, sewing machines, a pasta maker, board games, a karaoke set and, most popular of all, a small telescope.',
      'The first lesson was that people borrow what they need once or twice a year. Nobody wants to own a tile cutter, but plenty of people need one for a weekend. Our most borrowed item after the telescope is a carpet cleaner, which has been out forty-one times and is on its second set of brushes.',
      'The second lesson was about trust. We expected damage and losses, so we wrote long agreements and asked for deposits. In two years we have lost one item, a stud finder, and had three returned broken, all of them repaired by a volunteer who used to run a hardware shop. We have dropped the deposits.',
      'The third lesson surprised us most: the things bring people to the books. A family who borrowed the telescope came back for star charts and a children\'s book about the planets. A man who borrowed the sewing machine asked for pattern books, then for a book about the history of workwear, then for help finding his grandmother\'s immigration records.',
      'Running the collection takes time. Every item needs a record, a photo, a check-in routine and somewhere to live; power tools need their batteries charged and their blades inspected. We spend about six staff hours a week on it, helped by two volunteers, and we think it is the best value hour of our week.',
      'If your branch is thinking about starting, begin small and let your readers tell you what to add. Ours asked for a telescope. Yours might ask for a ladder, a tent or a bread maker. Whatever it is, somebody in your neighbourhood needs it for a weekend, and the library is the place where they expect to find it.',
    ],
  },
];

import { likeCount, likers, planGraph } from './graph.js';
import { Random } from './random.js';

describe('planGraph', () => {
  const size = { users: 2000, postsPerUser: 7, followsPerUser: 30, likesPerPost: 5 };
  const graph = planGraph(size, new Random(42));

  it('follows each pair at most once, and never oneself', () => {
    const pairs = new Set<number>();
    for (let k = 0; k < graph.followFrom.length; k++) {
      expect(graph.followFrom[k]).not.toBe(graph.followTo[k]);
      pairs.add(graph.followFrom[k] * size.users + graph.followTo[k]);
    }
    expect(pairs.size).toBe(graph.followFrom.length);
  });

  it('derives every counter from the rows', () => {
    const followers = new Uint32Array(size.users);
    const following = new Uint32Array(size.users);
    const posts = new Uint32Array(size.users);
    graph.followTo.forEach((v) => followers[v]++);
    graph.followFrom.forEach((u) => following[u]++);
    graph.postAuthor.forEach((u) => posts[u]++);
    expect(graph.followersCount).toEqual(followers);
    expect(graph.followingCount).toEqual(following);
    expect(graph.postsCount).toEqual(posts);
    expect(graph.postAuthor).toHaveLength(size.users * size.postsPerUser);
  });

  it('skews followers like a power law: the top 1% of users hold far more than 1% of follows', () => {
    const sorted = [...graph.followersCount].sort((a, b) => b - a);
    const top = sorted.slice(0, size.users / 100).reduce((a, b) => a + b, 0);
    expect(top / graph.followFrom.length).toBeGreaterThan(0.1);
    // ...while the median user has only a few.
    expect(sorted[size.users / 2]).toBeLessThan(size.followsPerUser);
    expect(graph.followFrom.length / size.users).toBeGreaterThan(size.followsPerUser * 0.8);
    expect(graph.followFrom.length / size.users).toBeLessThan(size.followsPerUser * 1.2);
  });

  it('gives the same graph for the same seed', () => {
    const again = planGraph(size, new Random(42));
    expect(again.followFrom).toEqual(graph.followFrom);
    expect(again.postAuthor).toEqual(graph.postAuthor);
    expect(planGraph(size, new Random(43)).followFrom).not.toEqual(graph.followFrom);
  });

  it('picks distinct likers other than the author, about likesPerPost a post', () => {
    const random = new Random(1);
    let total = 0;
    for (const author of graph.postAuthor) {
      const chosen = likers(
        graph,
        author,
        likeCount(graph, author, size.likesPerPost, random),
        random,
      );
      expect(new Set(chosen).size).toBe(chosen.length);
      expect(chosen).not.toContain(author);
      total += chosen.length;
    }
    const mean = total / graph.postAuthor.length;
    expect(mean).toBeGreaterThan(size.likesPerPost * 0.6);
    expect(mean).toBeLessThan(size.likesPerPost * 1.6);
  });

  it('handles a network too small for the requested degree', () => {
    const tiny = planGraph(
      { users: 3, postsPerUser: 2, followsPerUser: 30, likesPerPost: 30 },
      new Random(5),
    );
    expect(Math.max(...tiny.followingCount)).toBeLessThanOrEqual(2);
    expect(likeCount(tiny, 0, 30, new Random(5))).toBeLessThanOrEqual(1);
  });
});

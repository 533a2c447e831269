/** The lesson catalog (issue 13): unique ids, the list's title and summary equal the file's, every file valid. */
import { describe, expect, it } from 'vitest';
import { LESSONS, lessonEntry } from '../../src/lessons/catalog';
import { validateLesson } from '../../src/lessons/validate';

describe('lesson catalog', () => {
  it('has at least the issue\'s twelve lessons, with unique URL-safe ids', () => {
    expect(LESSONS.length).toBeGreaterThanOrEqual(12);
    const ids = LESSONS.map((l) => l.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9][a-z0-9-]*$/);
  });

  it('finds entries by id only (no prototype names)', () => {
    expect(lessonEntry(LESSONS[0]!.id)).toBe(LESSONS[0]);
    for (const id of ['constructor', '__proto__', 'toString', '']) expect(lessonEntry(id)).toBeUndefined();
  });

  for (const entry of LESSONS) {
    it(`${entry.id}: the file agrees with its entry and is valid`, async () => {
      const lesson = await entry.load();
      expect(lesson.id).toBe(entry.id);
      expect(lesson.title).toBe(entry.title);
      expect(lesson.summary).toBe(entry.summary);
      expect(validateLesson(lesson)).toEqual([]);
    });
  }
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addDays, formatVietnamInstant, parseDay, parseInstant, startOfVietnamDay, vietnamDay } from './time.js';

/** 1 April 2020, 08:30 in Hai Phong = 01:30 UTC. */
const eightThirtyVietnam = Date.UTC(2020, 3, 1, 1, 30, 0);

test('ISO 8601 times with an offset, with Z, or without (Vietnam time) all name the same instant', () => {
  for (const text of [
    '2020-04-01T08:30:00+07:00',
    '2020-04-01T08:30:00+0700',
    '2020-04-01T08:30+07:00',
    '2020-04-01T01:30:00Z',
    '2020-04-01T01:30:00z',
    '2020-04-01T03:30:00+02:00',
    '2020-03-31T20:30:00-05:00',
    '2020-04-01T08:30:00',
    '2020-04-01T08:30',
    '2020-04-01 08:30:00',
    '  2020-04-01T08:30:00  ',
  ]) {
    assert.equal(parseInstant(text), eightThirtyVietnam, text);
  }
});

test('the feed\'s usual form, read without a pattern, means what the patterns read', () => {
  for (const text of ['2020-04-01T08:30:00+07:00', '2020-04-01t08:30:00+07:00', '2020-04-01 08:30:00+07:00']) assert.equal(parseInstant(text), eightThirtyVietnam, text);
  assert.equal(parseInstant('2020-12-31T23:59:59+07:00'), Date.UTC(2020, 11, 31, 16, 59, 59));
  for (const text of [
    '2020-02-30T08:30:00+07:00', '2021-02-29T08:30:00+07:00', '2020-04-01T24:00:00+07:00', '2020-04-01T23:59:60+07:00',
    '2020-04-01T08:3a:00+07:00', '2020/04/01T08:30:00+07:00', '2020-04-01X08:30:00+07:00', '\uff12020-04-01T08:30:00+07:00', '-020-04-01T08:30:00+07:00',
  ]) {
    assert.equal(parseInstant(text), null, text);
  }
});

test('fractions of a second are kept to the millisecond', () => {
  assert.equal(parseInstant('2020-04-01T08:30:00.5+07:00'), eightThirtyVietnam + 500);
  assert.equal(parseInstant('2020-04-01T08:30:00.123456789'), eightThirtyVietnam + 123);
});

test('dd/mm/yyyy HH:mm[:ss] is Vietnam time', () => {
  assert.equal(parseInstant('01/04/2020 08:30'), eightThirtyVietnam);
  assert.equal(parseInstant('1/4/2020 8:30'), eightThirtyVietnam);
  assert.equal(parseInstant('01/04/2020 08:30:15'), eightThirtyVietnam + 15_000);
  assert.equal(parseInstant('25/03/2020  00:00'), Date.UTC(2020, 2, 24, 17, 0, 0));
});

test('dates and times that do not exist are rejected', () => {
  for (const text of [
    '31/02/2020 10:00', '30/02/2020 10:00', '29/02/2021 10:00', '31/04/2020 10:00', '00/01/2020 10:00',
    '01/13/2020 10:00', '01/04/2020 24:00', '01/04/2020 23:60', '01/04/2020 23:59:60',
    '2020-02-31T10:00:00', '2021-02-29T10:00:00', '2020-04-01T24:00:00', '2020-04-01T23:60:00',
    '2020-00-10T10:00:00', '2020-13-01T10:00:00', '2020-04-01T08:30:00+15:00', '2020-04-01T08:30:00+07:60',
  ]) {
    assert.equal(parseInstant(text), null, text);
  }
  assert.notEqual(parseInstant('29/02/2020 10:00'), null, '2020 is a leap year');
  assert.notEqual(parseInstant('2000-02-29T10:00'), null, '2000 is a leap year');
  assert.equal(parseInstant('2100-02-29T10:00'), null, '2100 is not a leap year');
  assert.equal(parseInstant('1900-02-29T10:00'), null, '1900 is not a leap year');
});

test('text that is not a time in an accepted form is rejected', () => {
  for (const text of [
    '', 'yesterday', '2020-04-01', '01/04/2020', '2020/04/01 08:30', '01-04-2020 08:30', '2020-4-1T08:30',
    '2020-04-01T8:30', '01/04/20 08:30', '1585704600000', '2020-04-01T08:30:00 +07:00', '2020-04-01T08:30:00+7',
  ]) {
    assert.equal(parseInstant(text), null, JSON.stringify(text));
  }
});

test('the Vietnam day of instants on alternating days, and of no instant', () => {
  const [a, b] = [Date.UTC(2020, 3, 1, 3), Date.UTC(2020, 3, 2, 3)];
  assert.deepEqual([a, b, a, a, b].map(vietnamDay), ['2020-04-01', '2020-04-02', '2020-04-01', '2020-04-01', '2020-04-02']);
  assert.equal(vietnamDay(Number.NaN), 'NaN-NaN-NaN');
  assert.equal(vietnamDay(a), '2020-04-01');
  assert.equal(vietnamDay(8.64e15), 'NaN-NaN-NaN', 'past the last instant a Date can hold');
  assert.equal(vietnamDay(Date.UTC(1969, 11, 31, 17) - 0.5), '1970-01-01', 'a fraction of a millisecond is dropped, as Date drops it');
});

test('the Vietnam day of an instant turns at 17:00 UTC', () => {
  assert.equal(vietnamDay(Date.UTC(2020, 2, 31, 16, 59, 59, 999)), '2020-03-31');
  assert.equal(vietnamDay(Date.UTC(2020, 2, 31, 17, 0, 0)), '2020-04-01');
  assert.equal(vietnamDay(parseInstant('2020-12-31T23:59:59')!), '2020-12-31');
  assert.equal(vietnamDay(parseInstant('2021-01-01T00:00:00')!), '2021-01-01');
  assert.equal(vietnamDay(parseInstant('2020-12-31T17:00:00Z')!), '2021-01-01');
});

test('a Vietnam day starts at 00:00 UTC+7 and days add across month and year ends', () => {
  assert.equal(startOfVietnamDay('2020-04-01'), Date.UTC(2020, 2, 31, 17, 0, 0));
  assert.equal(vietnamDay(startOfVietnamDay('2020-04-01')), '2020-04-01');
  assert.equal(vietnamDay(startOfVietnamDay('2020-04-01') - 1), '2020-03-31');
  assert.equal(addDays('2020-02-28', 1), '2020-02-29');
  assert.equal(addDays('2020-02-28', 2), '2020-03-01');
  assert.equal(addDays('2020-12-31', 1), '2021-01-01');
  assert.equal(addDays('2020-01-01', -1), '2019-12-31');
  assert.equal(addDays('2020-03-25', 7), '2020-04-01');
});

test('calendar days must be real YYYY-MM-DD dates', () => {
  assert.equal(parseDay('2020-04-01'), '2020-04-01');
  assert.equal(parseDay('2020-02-29'), '2020-02-29');
  for (const text of ['2021-02-29', '2020-04-31', '2020-13-01', '2020-00-01', '2020-4-1', '01/04/2020', '', '2020-04-01T00:00']) {
    assert.equal(parseDay(text), null, text);
  }
});

test('an instant is shown in Vietnam time with its offset, and reads back as the same instant', () => {
  assert.equal(formatVietnamInstant(eightThirtyVietnam), '2020-04-01T08:30:00+07:00');
  assert.equal(formatVietnamInstant(Date.UTC(2020, 11, 31, 17, 0, 0)), '2021-01-01T00:00:00+07:00');
  for (const instant of [eightThirtyVietnam, Date.UTC(2020, 1, 29, 16, 59, 59), Date.UTC(2024, 5, 30, 23, 0, 0)]) {
    assert.equal(parseInstant(formatVietnamInstant(instant)), instant);
  }
});

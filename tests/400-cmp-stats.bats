#!/usr/bin/env bats
# cmp-stats: every column checked against figures worked out by hand from
# fourteen tickets written out in full below: --by, derived keys, each
# --stage, --from/--to, --where, --table, JSON Lines, a store, errors.
load helper

# The fourteen tickets, called a to o (no m) below; all times +08:00.
#
#    id (C2026....-)  received     cat      dept    who     status
#  a 1003-000001  10-03 09:00  network  网络部  P1      closed
#  b 1010-000001  10-10 10:00  billing  市场部  P2      closed
#  c 1020-000001  10-20 14:00  network  网络部  P1      resolved
#  d 1025-000001  10-25 08:00  service  客服部  K100    assigned
#  e 1028-000001  10-28 09:00  billing  市场部  P5      closed
#  f 1029-000001  10-29 10:00  service  客服部  P8      closed
#  g 1031-000001  10-31 20:00  service  (none)  P2      new
#  h 1101-000001  11-01 00:30  network  网络部  P1      resolved
#  i 1105-000001  11-05 09:00  billing  市场部  P5      assigned (reopened)
#  j 1110-000001  11-10 09:00  service  客服部  K100    closed
#  k 1120-000001  11-20 15:00  network  (none)  P7      new
#  l 1120-000002  11-20 15:00  billing  客服部  P7      assigned
#  n 1128-000001  (empty; created 11-28 10:01) service 客服部 P8 resolved
#  o 1130-000001  11-30 20:00  billing  市场部  P2      closed
#
# Pn is phone 1380000000n; K100 is a customer with no phone.  a has both
# P1 and customer K100: the phone wins, so a is no earlier ticket of d.
#
# Hours each stage took (received -> done, deadline; "=" done at the
# deadline, which is on time; "-" no deadline, also on time):
#
#     dispatch        reply             resolve          feedback (from resolved)
#  a  0.2  on         (no reply_due)    4  on            2    on
#  b  0.75 late       1.5 on            34 late          12   on
#  c  0.5  =          (replied, but no reply_due: not counted)
#                                       18 on            -
#  d  600s on         not replied       -                -
#  e  0.1  on         4   late          24 =             25   late
#  f  1    late       6   on            11 on            12   on
#  g  -               -                 -                -
#  h  0.3  on         -                 30 late          -
#  i  0.4  on         not replied       - (reopened)     -
#  j  0.5  =          1   on            8  on            1.5  on
#  k  -               -                 -                -
#  l  0.6  - (no due) 1.5 on            -                -
#  n  2    late       4   late          28 on            -     (n from created_at)
#  o  0.25 on         2   =             12 on            2    on
#
# Satisfaction: a, e, f satisfied; b, j basic; i, n dissatisfied; the rest
# none.  Reopens: b, i, n once (i is not resolved, so it is no reopened
# resolution).  Escalation >= 1: b, d, g, h.
#
# Repeats (an earlier ticket of the same phone, else customer, received
# at most 30 days before):
#   c: a 17 days before; h: c 11 days before (across the month boundary,
#   and across --from 2026-11-01); g: b 21 days before (b is billing, g
#   service: across groups); o: g exactly 30 days before (the window
#   includes its end); i: e 8 days before; j: d 16 days before (by
#   customer); n: f 30 days and 1 minute before: NOT a repeat; k and l:
#   the same second, ordered by the FNV-1a hash of the id:
#   C20261120-000002 = e2248c6a8f59cbe7 < C20261120-000001 =
#   e2248d6a8f59cd9a, so l is first and k (network) is the repeat, the
#   opposite of the input order.  a, b, d, e, f, l, n: first or alone.
tickets() {
	cat >tickets.csv <<'CSV'
id,received_at,created_at,status,category,department,phone,customer,dispatched_at,dispatch_due,replied_at,reply_due,resolved_at,resolve_due,feedback_at,feedback_due,satisfaction,reopens,escalation
C20261003-000001,2026-10-03T09:00:00+08:00,2026-10-03T09:01:00+08:00,closed,network,网络部,13800000001,K100,2026-10-03T09:12:00+08:00,2026-10-03T09:30:00+08:00,,,2026-10-03T13:00:00+08:00,2026-10-04T09:00:00+08:00,2026-10-03T15:00:00+08:00,2026-10-04T13:00:00+08:00,satisfied,0,0
C20261010-000001,2026-10-10T10:00:00+08:00,2026-10-10T10:02:00+08:00,closed,billing,市场部,13800000002,,2026-10-10T10:45:00+08:00,2026-10-10T10:30:00+08:00,2026-10-10T11:30:00+08:00,2026-10-10T12:00:00+08:00,2026-10-11T20:00:00+08:00,2026-10-11T10:00:00+08:00,2026-10-12T08:00:00+08:00,2026-10-12T20:00:00+08:00,basic,1,1
C20261020-000001,2026-10-20T14:00:00+08:00,2026-10-20T14:03:00+08:00,resolved,network,网络部,13800000001,,2026-10-20T14:30:00+08:00,2026-10-20T14:30:00+08:00,2026-10-20T15:00:00+08:00,,2026-10-21T08:00:00+08:00,2026-10-21T14:00:00+08:00,,2026-10-22T08:00:00+08:00,,0,0
C20261025-000001,2026-10-25T08:00:00+08:00,2026-10-25T08:00:00+08:00,assigned,service,客服部,,K100,2026-10-25T08:10:00+08:00,2026-10-25T08:30:00+08:00,,2026-10-25T10:00:00+08:00,,2026-10-26T08:00:00+08:00,,,,0,2
C20261028-000001,2026-10-28T09:00:00+08:00,2026-10-28T09:00:00+08:00,closed,billing,市场部,13800000005,,2026-10-28T09:06:00+08:00,2026-10-28T09:30:00+08:00,2026-10-28T13:00:00+08:00,2026-10-28T12:00:00+08:00,2026-10-29T09:00:00+08:00,2026-10-29T09:00:00+08:00,2026-10-30T10:00:00+08:00,2026-10-30T09:00:00+08:00,satisfied,0,0
C20261029-000001,2026-10-29T10:00:00+08:00,2026-10-29T10:05:00+08:00,closed,service,客服部,13800000008,,2026-10-29T11:00:00+08:00,2026-10-29T10:30:00+08:00,2026-10-29T16:00:00+08:00,2026-10-30T10:00:00+08:00,2026-10-29T21:00:00+08:00,2026-10-30T10:00:00+08:00,2026-10-30T09:00:00+08:00,2026-10-30T21:00:00+08:00,satisfied,0,0
C20261031-000001,2026-10-31T20:00:00+08:00,2026-10-31T20:00:00+08:00,new,service,,13800000002,,,2026-10-31T20:30:00+08:00,,,,2026-11-01T20:00:00+08:00,,,,0,1
C20261101-000001,2026-11-01T00:30:00+08:00,2026-11-01T00:31:00+08:00,resolved,network,网络部,13800000001,,2026-11-01T00:48:00+08:00,2026-11-01T01:00:00+08:00,,,2026-11-02T06:30:00+08:00,2026-11-02T00:30:00+08:00,,2026-11-03T06:30:00+08:00,,0,1
C20261105-000001,2026-11-05T09:00:00+08:00,2026-11-05T09:00:00+08:00,assigned,billing,市场部,13800000005,,2026-11-05T09:24:00+08:00,2026-11-05T09:30:00+08:00,,2026-11-08T09:00:00+08:00,,2026-11-08T09:00:00+08:00,,,dissatisfied,1,0
C20261110-000001,2026-11-10T09:00:00+08:00,2026-11-10T09:00:00+08:00,closed,service,客服部,,K100,2026-11-10T09:30:00+08:00,2026-11-10T09:30:00+08:00,2026-11-10T10:00:00+08:00,2026-11-10T11:00:00+08:00,2026-11-10T17:00:00+08:00,2026-11-11T09:00:00+08:00,2026-11-10T18:30:00+08:00,2026-11-11T17:00:00+08:00,basic,0,0
C20261120-000001,2026-11-20T15:00:00+08:00,2026-11-20T15:00:00+08:00,new,network,,13800000007,,,2026-11-20T15:30:00+08:00,,,,2026-11-21T15:00:00+08:00,,,,0,0
C20261120-000002,2026-11-20T15:00:00+08:00,2026-11-20T15:01:00+08:00,assigned,billing,客服部,13800000007,,2026-11-20T15:36:00+08:00,,2026-11-20T16:30:00+08:00,2026-11-20T17:00:00+08:00,,2026-11-21T15:00:00+08:00,,,,0,0
C20261128-000001,,2026-11-28T10:01:00+08:00,resolved,service,客服部,13800000008,,2026-11-28T12:01:00+08:00,2026-11-28T10:31:00+08:00,2026-11-28T14:01:00+08:00,2026-11-28T12:01:00+08:00,2026-11-29T14:01:00+08:00,2026-11-30T10:01:00+08:00,,2026-11-30T14:01:00+08:00,dissatisfied,1,0
C20261130-000001,2026-11-30T20:00:00+08:00,2026-11-30T20:00:00+08:00,closed,billing,市场部,13800000002,,2026-11-30T20:15:00+08:00,2026-11-30T20:30:00+08:00,2026-11-30T22:00:00+08:00,2026-11-30T22:00:00+08:00,2026-12-01T08:00:00+08:00,2026-12-01T20:00:00+08:00,2026-12-01T10:00:00+08:00,2026-12-02T08:00:00+08:00,,0,0
CSV
}

HEAD=count,share,open,resolved,resolved_rate,closed,met,on_time,on_time_rate,hours_mean,hours_median,hours_p90,satisfied_rate,reopen_rate,escalated,repeat

@test "--by category: counts, shares, every rate, odd-count hours, repeats across groups and a tie" {
	tickets
	# billing  b e i l o   5/14 = .3571; open i l; resolved b e o (3/5);
	#   closed b e o; resolve 34 late, 24 =, 12 on: met 3, on time 2
	#   (.6667), mean 70/3 = 23.33, median 24, p90 rank ceil(2.7) = 3: 34;
	#   rated b e i, pleased b e (.6667); reopened b (1/3); escalated b;
	#   repeats i, o.
	# network  a c h k   4/14 = .2857; open k; resolved a c h (.75);
	#   closed a; 4 on, 18 on, 30 late: 3, 2, .6667, 52/3 = 17.33, 18, 30;
	#   rated a (1); no reopening (0); escalated h; repeats c, h, k.
	# service  d f g j n   .3571; open d g; resolved f j n (.6); closed
	#   f j; 11 on, 8 on, 28 on: 3, 3, 1, 47/3 = 15.67, 11, 28; rated
	#   f j n, pleased f j (.6667); reopened n (1/3); escalated d g;
	#   repeats g, j.
	run --separate-stderr cmp-stats --by category tickets.csv
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$output" = "category,$HEAD
billing,5,0.3571,2,3,0.6000,3,3,2,0.6667,23.33,24.00,34.00,0.6667,0.3333,1,2
network,4,0.2857,1,3,0.7500,1,3,2,0.6667,17.33,18.00,30.00,1.0000,0.0000,1,3
service,5,0.3571,2,3,0.6000,2,3,3,1.0000,15.67,11.00,28.00,0.6667,0.3333,2,2" ]
}

@test "--by month: local months, an even-count median, repeats across the month boundary" {
	tickets
	# h, received 2026-11-01T00:30+08:00 (still October in UTC), is November.
	# 2026-10  a b c d e f g   7/14 = .5; open d g; resolved a b c e f
	#   (5/7 = .7143); closed a b e f; resolve 4 11 18 24 34, late b: met
	#   5, on time 4 (.8), mean 91/5 = 18.2, median 18, p90 rank 5: 34;
	#   rated a b e f all pleased (1); reopened b (1/5); escalated b d g;
	#   repeats c g.
	# 2026-11  h i j k l n o   .5; open i k l; resolved h j n o (4/7 =
	#   .5714); closed j o; resolve 8 12 28 30, late h: 4, 3, .75, 78/4 =
	#   19.5, median (12 + 28) / 2 = 20, p90 rank ceil(3.6) = 4: 30; rated
	#   i j n, pleased j (.3333); reopened n (1/4); escalated h; repeats h
	#   (after c, in October), i, j, k, o.
	run --separate-stderr cmp-stats --by month tickets.csv
	[ "$status" -eq 0 ]
	[ "$output" = "month,$HEAD
2026-10,7,0.5000,2,5,0.7143,4,5,4,0.8000,18.20,18.00,34.00,1.0000,0.2000,3,2
2026-11,7,0.5000,3,4,0.5714,2,4,3,0.7500,19.50,20.00,30.00,0.3333,0.2500,1,5" ]
}

@test "--by department,category: empty keys sort first, empty rates when nothing to divide by" {
	tickets
	# Keys sort by bytes: "" < 客 (e5 ae) < 市 (e5 b8) < 网 (e7).
	# (,network) k and (,service) g: new, nothing resolved, met or rated:
	#   on_time_rate, hours, satisfied_rate and reopen_rate empty; g is
	#   escalated and a repeat, k a repeat.
	# (客服部,billing) l alone: no repeat (k is the later of the tie).
	# (客服部,service) d f j n: 4/14 = .2857; open d; resolved f j n (.75);
	#   closed f j; hours as service above; escalated d; repeat j.
	# (市场部,billing) b e i o: open i; resolved b e o (.75); closed b e o;
	#   hours as billing above; repeats i o.
	# (网络部,network) a c h: 3/14 = .2143; resolved all (1); closed a;
	#   hours as network above; escalated h; repeats c h.
	run --separate-stderr cmp-stats --by department,category tickets.csv
	[ "$status" -eq 0 ]
	[ "$output" = "department,category,$HEAD
,network,1,0.0714,1,0,0.0000,0,0,0,,,,,,,0,1
,service,1,0.0714,1,0,0.0000,0,0,0,,,,,,,1,1
客服部,billing,1,0.0714,1,0,0.0000,0,0,0,,,,,,,0,0
客服部,service,4,0.2857,1,3,0.7500,2,3,3,1.0000,15.67,11.00,28.00,0.6667,0.3333,1,1
市场部,billing,4,0.2857,1,3,0.7500,3,3,2,0.6667,23.33,24.00,34.00,0.6667,0.3333,1,2
网络部,network,3,0.2143,0,3,1.0000,1,3,2,0.6667,17.33,18.00,30.00,1.0000,0.0000,1,2" ]
}

@test "no --by: one record of totals" {
	tickets
	# 14; open d g i k l; resolved 9 (9/14 = .6429); closed a b e f j o;
	# resolve 4 8 11 12 18 24 28 30 34 (sum 169), late b h: met 9, on
	# time 7 (.7778), mean 18.78, median 18 (5th), p90 rank ceil(8.1) =
	# 9: 34; rated 7, pleased 5 (.7143); reopened b n (2/9 = .2222);
	# escalated 4; repeats c g h i j k o.
	run --separate-stderr cmp-stats tickets.csv
	[ "$status" -eq 0 ]
	[ "$output" = "$HEAD
14,1.0000,5,9,0.6429,6,9,7,0.7778,18.78,18.00,34.00,0.7143,0.2222,4,7" ]
}

@test "--stage dispatch: received_at (else created_at) to dispatched_at against dispatch_due" {
	tickets
	# billing  b .75 late, e .1, i .4, l .6 (no deadline: on time), o .25:
	#   met 5, on time 4 (.8); seconds 2700 360 1440 2160 900, mean 1512 s
	#   = .42 h, median .4, p90 rank ceil(4.5) = 5: .75.
	# network  a .2, c .5 (at the deadline), h .3: 3, 3, 1; mean 1200 s =
	#   .33, median .3, p90 .5.
	# service  d 600 s, f 1 late, j .5 (=), n 2 late (from created_at):
	#   4, 2, .5; mean 13200/4 = 3300 s = .92, median (1800 + 3600) / 2 s
	#   = .75, p90 rank ceil(3.6) = 4: 2.
	# The other columns do not depend on the stage.
	run --separate-stderr cmp-stats --stage dispatch --by category tickets.csv
	[ "$status" -eq 0 ]
	[ "$output" = "category,$HEAD
billing,5,0.3571,2,3,0.6000,3,5,4,0.8000,0.42,0.40,0.75,0.6667,0.3333,1,2
network,4,0.2857,1,3,0.7500,1,3,3,1.0000,0.33,0.30,0.50,1.0000,0.0000,1,3
service,5,0.3571,2,3,0.6000,2,4,2,0.5000,0.92,0.75,2.00,0.6667,0.3333,2,2" ]
	# All twelve dispatched: late b f n (9/12 = .75); seconds sum 24360,
	# mean 2030 s = .56 h; median (1440 + 1800) / 2 s = .45; p90 rank
	# ceil(10.8) = 11: 3600 s = 1.
	run --separate-stderr cmp-stats --stage dispatch tickets.csv
	[ "$status" -eq 0 ]
	[ "${lines[1]}" = "14,1.0000,5,9,0.6429,6,12,9,0.7500,0.56,0.45,1.00,0.7143,0.2222,4,7" ]
}

@test "--stage reply: only tickets with a reply_due, to replied_at" {
	tickets
	# billing  b 1.5 on, e 4 late, i not replied, l 1.5 on, o 2 (=): met
	#   4, on time 3 (.75); mean 9/4 = 2.25, median (1.5 + 2) / 2 = 1.75,
	#   p90 rank 4: 4.
	# network  no reply_due anywhere (c was replied to, but had none):
	#   met 0, and on_time_rate and hours empty.
	# service  d not replied, f 6 on, j 1 on, n 4 late: 3, 2, .6667;
	#   mean 11/3 = 3.67, median 4, p90 6.
	run --separate-stderr cmp-stats --stage reply --by category tickets.csv
	[ "$status" -eq 0 ]
	[ "$output" = "category,$HEAD
billing,5,0.3571,2,3,0.6000,3,4,3,0.7500,2.25,1.75,4.00,0.6667,0.3333,1,2
network,4,0.2857,1,3,0.7500,1,0,0,,,,,1.0000,0.0000,1,3
service,5,0.3571,2,3,0.6000,2,3,2,0.6667,3.67,4.00,6.00,0.6667,0.3333,2,2" ]
}

@test "--stage feedback: resolved_at to feedback_at against feedback_due" {
	tickets
	# billing  b 12 on, e 25 late, o 2 on: 3, 2, .6667; mean 13, median
	#   12, p90 25.  network  a 2: 1, 1, 1; 2, 2, 2.  service  f 12, j 1.5:
	#   2, 2, 1; mean 6.75, median (1.5 + 12) / 2 = 6.75, p90 rank
	#   ceil(1.8) = 2: 12.
	run --separate-stderr cmp-stats --stage feedback --by category tickets.csv
	[ "$status" -eq 0 ]
	[ "$output" = "category,$HEAD
billing,5,0.3571,2,3,0.6000,3,3,2,0.6667,13.00,12.00,25.00,0.6667,0.3333,1,2
network,4,0.2857,1,3,0.7500,1,1,1,1.0000,2.00,2.00,2.00,1.0000,0.0000,1,3
service,5,0.3571,2,3,0.6000,2,2,2,1.0000,6.75,6.75,12.00,0.6667,0.3333,2,2" ]
}

@test "--from is inclusive, --to exclusive; earlier tickets before --from still make repeats" {
	tickets
	# c is received at exactly --from, h at exactly --to: c d e f g.
	# open d g; resolved c e f (.6); closed e f; 18 on, 24 (=), 11 on:
	# 3, 3, 1, 53/3 = 17.67, 18, 24; rated e f (1); no reopening;
	# escalated d g; repeats c (after a) and g (after b), both earlier
	# tickets outside the range.
	run --separate-stderr cmp-stats --from 2026-10-20T14:00 --to 2026-11-01T00:30:00+08:00 tickets.csv
	[ "$status" -eq 0 ]
	[ "$output" = "$HEAD
5,1.0000,2,3,0.6000,2,3,3,1.0000,17.67,18.00,24.00,1.0000,0.0000,2,2" ]
}

@test "--from a date is its local midnight; shares are of the tickets selected" {
	tickets
	# h i j k l n o; n has no received_at: its created_at counts.
	# billing  i l o  3/7 = .4286; open i l; resolved o (1/3); 12 on;
	#   rated i, pleased none (0); o not reopened (0); repeats i o.
	# network  h k  2/7 = .2857; open k; resolved h (.5); 30 late: 1, 0,
	#   0; nobody rated; escalated h; repeats h (c is before --from) and k.
	# service  j n  .2857; resolved both; closed j; 8 and 28 on: mean 18,
	#   median (8 + 28) / 2 = 18, p90 rank ceil(1.8) = 2: 28; rated j n,
	#   pleased j (.5); reopened n (.5); repeat j (n is 30 days 1 minute
	#   after f).
	run --separate-stderr cmp-stats --from 2026-11-01 --by category tickets.csv
	[ "$status" -eq 0 ]
	[ "$output" = "category,$HEAD
billing,3,0.4286,2,1,0.3333,1,1,1,1.0000,12.00,12.00,12.00,0.0000,0.0000,0,2
network,2,0.2857,1,1,0.5000,0,1,0,0.0000,30.00,30.00,30.00,,0.0000,1,2
service,2,0.2857,0,2,1.0000,1,2,2,1.0000,18.00,18.00,28.00,0.5000,0.5000,0,1" ]
}

@test "--where counts the matching tickets as if the input held only those" {
	tickets
	# 客服部: d f j n (service) and l (billing); j is still a repeat of d.
	run --separate-stderr cmp-stats --where department=客服部 --by category tickets.csv
	[ "$status" -eq 0 ]
	[ "$output" = "category,$HEAD
billing,1,0.2000,1,0,0.0000,0,0,0,,,,,,,0,0
service,4,0.8000,1,3,0.7500,2,3,3,1.0000,15.67,11.00,28.00,0.6667,0.3333,1,1" ]
	# Closed: a b e f j o.  resolve 4 34 24 11 8 12, late b: 6, 5 (.8333),
	# mean 93/6 = 15.5, median (11 + 12) / 2 = 11.5, p90 rank ceil(5.4) =
	# 6: 34; rated 5, all pleased; reopened b (1/6); escalated b.  No
	# repeat: j's earlier ticket d and o's earlier g are not closed, and
	# b is 51 days before o -- the same as counting the output of
	# cmp-ls --where, which is all a pipe could see.
	run --separate-stderr cmp-stats --where status=closed tickets.csv
	[ "$status" -eq 0 ]
	[ "$output" = "$HEAD
6,1.0000,0,6,1.0000,6,6,5,0.8333,15.50,11.50,34.00,1.0000,0.1667,1,0" ]
	local where=$output
	cmp-ls --where status=closed tickets.csv >closed.csv
	run --separate-stderr cmp-stats closed.csv
	[ "$output" = "$where" ]
}

@test "day, week, quarter and year are derived in local time (TZ)" {
	tickets
	# g: Saturday 31 October, h: Sunday 1 November 00:30 -- both ISO week
	# 44.  In UTC, h is still 31 October.
	run --separate-stderr cmp-stats --by week,day --from 2026-10-31 --to 2026-11-02 tickets.csv
	[ "$status" -eq 0 ]
	[ "$output" = "week,day,$HEAD
2026-W44,2026-10-31,1,0.5000,1,0,0.0000,0,0,0,,,,,,,1,1
2026-W44,2026-11-01,1,0.5000,0,1,1.0000,0,1,0,0.0000,30.00,30.00,30.00,,0.0000,1,1" ]
	TZ=UTC run --separate-stderr cmp-stats --by day,month --from 2026-10-31T16:00:00Z --to 2026-11-01T16:00:00Z tickets.csv
	[ "$status" -eq 0 ]
	[ "${lines[1]%%,1,*}" = 2026-10-31,2026-10 ]
	run --separate-stderr cmp-stats --by quarter,year tickets.csv
	[ "$status" -eq 0 ]
	[ "${lines[1]}" = "2026-Q4,2026,14,1.0000,5,9,0.6429,6,9,7,0.7778,18.78,18.00,34.00,0.7143,0.2222,4,7" ]
}

@test "a field no ticket has groups everything under an empty key" {
	tickets
	run --separate-stderr cmp-stats --by ward tickets.csv
	[ "$status" -eq 0 ]
	[ "${lines[1]}" = ",14,1.0000,5,9,0.6429,6,9,7,0.7778,18.78,18.00,34.00,0.7143,0.2222,4,7" ]
}

@test "[report] repeat_window sets how far back a repeat looks" {
	tickets
	# 20 days: g (21 days after b), o (30 after g) and n drop out; c h i
	# j k stay.  0: only the tie, k.
	printf '[report]\nrepeat_window = 20d\n' >w20.conf
	run --separate-stderr cmp-stats --config w20.conf tickets.csv
	[ "$status" -eq 0 ]
	[ "${lines[1]##*,}" = 5 ]
	printf '[report]\nrepeat_window = 0\n' >w0.conf
	run --separate-stderr cmp-stats --config w0.conf --by category tickets.csv
	[ "$status" -eq 0 ]
	[ "${lines[1]##*,}" = 0 ]
	[ "${lines[2]%%,*},${lines[2]##*,}" = network,1 ]
	[ "${lines[3]##*,}" = 0 ]
}

@test "--table aligns the columns by display width, empty cells blank" {
	tickets
	run --separate-stderr cmp-stats --table --by department,category tickets.csv
	[ "$status" -eq 0 ]
	[ "$output" = "department  category  count  share   open  resolved  resolved_rate  closed  met  on_time  on_time_rate  hours_mean  hours_median  hours_p90  satisfied_rate  reopen_rate  escalated  repeat
            network   1      0.0714  1     0         0.0000         0       0    0                                                                                        0          1
            service   1      0.0714  1     0         0.0000         0       0    0                                                                                        1          1
客服部      billing   1      0.0714  1     0         0.0000         0       0    0                                                                                        0          0
客服部      service   4      0.2857  1     3         0.7500         2       3    3        1.0000        15.67       11.00         28.00      0.6667          0.3333       1          1
市场部      billing   4      0.2857  1     3         0.7500         3       3    2        0.6667        23.33       24.00         34.00      0.6667          0.3333       1          2
网络部      network   3      0.2143  0     3         1.0000         1       3    2        0.6667        17.33       18.00         30.00      1.0000          0.0000       1          2" ]
}

@test "--jsonl writes JSON Lines; JSON Lines in gives JSON Lines out" {
	tickets
	run --separate-stderr cmp-stats --jsonl --by month tickets.csv
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = '{"month":"2026-10","count":"7","share":"0.5000","open":"2","resolved":"5","resolved_rate":"0.7143","closed":"4","met":"5","on_time":"4","on_time_rate":"0.8000","hours_mean":"18.20","hours_median":"18.00","hours_p90":"34.00","satisfied_rate":"1.0000","reopen_rate":"0.2000","escalated":"3","repeat":"2"}' ]
	[ "${#lines[@]}" -eq 2 ]
	cmp-ls --jsonl tickets.csv >tickets.jsonl
	run --separate-stderr cmp-stats --by category --stage dispatch tickets.jsonl
	[ "$status" -eq 0 ]
	[ "$(jq -c '[.category, .met, .on_time_rate, .hours_median, .repeat]' <<<"$output")" = '["billing","5","0.8000","0.40","2"]
["network","3","1.0000","0.30","3"]
["service","4","0.5000","0.75","2"]' ]
	run --separate-stderr cmp-stats --csv --by category tickets.jsonl
	[ "${lines[0]}" = "category,$HEAD" ]
}

@test "with a store it reads the open tickets and the whole archive" {
	tickets
	# Open and resolved tickets in open.csv; closed ones in the archive by
	# month (a b e f in October, j in November, o in December).
	mkdir -p "$STORE/archive"
	: >"$STORE/.lock"
	awk -F, 'NR == 1 || $4 != "closed"' tickets.csv >"$STORE/open.csv"
	awk -F, 'NR == 1 || $4 == "closed" && $13 ~ /^2026-10/' tickets.csv >"$STORE/archive/2026-10.csv"
	awk -F, 'NR == 1 || $4 == "closed" && $13 ~ /^2026-11/' tickets.csv >"$STORE/archive/2026-11.csv"
	awk -F, 'NR == 1 || $4 == "closed" && $13 ~ /^2026-12/' tickets.csv >"$STORE/archive/2026-12.csv"
	[ "$(wc -l <"$STORE/archive/2026-10.csv")" -eq 5 ]
	local before
	before=$(store_sum "$STORE")
	run --separate-stderr cmp-stats -d "$STORE" --by month
	[ "$status" -eq 0 ]
	[ "$output" = "month,$HEAD
2026-10,7,0.5000,2,5,0.7143,4,5,4,0.8000,18.20,18.00,34.00,1.0000,0.2000,3,2
2026-11,7,0.5000,3,4,0.5714,2,4,3,0.7500,19.50,20.00,30.00,0.3333,0.2500,1,5" ]
	CMP_STORE=$STORE run --separate-stderr cmp-stats --by category --stage feedback
	[ "$status" -eq 0 ]
	[ "${lines[3]}" = "service,5,0.3571,2,3,0.6000,2,2,2,1.0000,6.75,6.75,12.00,0.6667,0.3333,2,2" ]
	[ "$(store_sum "$STORE")" = "$before" ]
	# An operand is read instead of the store.
	run --separate-stderr cmp-stats -d "$STORE" --where status=new tickets.csv
	[ "${lines[1]%%,*}" = 2 ]
}

@test "usage errors exit 64: bad --stage, --from, --to, --by; --merge with counting options" {
	tickets
	run --separate-stderr cmp-stats --stage visit tickets.csv
	[ "$status" -eq 64 ]
	[ -z "$output" ]
	[ "${stderr%%$'\n'*}" = 'cmp-stats: --stage: "visit" is not one of dispatch, reply, resolve, feedback' ]
	run --separate-stderr cmp-stats --from 2026-13-01 tickets.csv
	[ "$status" -eq 64 ]
	[[ "$stderr" == 'cmp-stats: --from: "2026-13-01": expected a date or a time'* ]]
	run --separate-stderr cmp-stats --to yesterday tickets.csv
	[ "$status" -eq 64 ]
	run --separate-stderr cmp-stats --by category,,month tickets.csv
	[ "$status" -eq 64 ]
	run --separate-stderr cmp-stats --by category,category --table tickets.csv
	[ "$status" -eq 64 ]
	[ "${stderr%%$'\n'*}" = 'cmp-stats: --by: "category" is named twice' ]
	run --separate-stderr cmp-stats --by open tickets.csv
	[ "$status" -eq 64 ]
	[ "${stderr%%$'\n'*}" = 'cmp-stats: --by: "open" is a column of the output' ]
	# A key may be named like a field of the partial record only where no
	# partial is written.
	run --separate-stderr cmp-stats --by who --partial tickets.csv
	[ "$status" -eq 64 ]
	[ -z "$output" ]
	[ "$stderr" = 'cmp-stats: --by: "who" is a field of the --partial record: not a key of one' ]
	run --separate-stderr cmp-stats --by who tickets.csv
	[ "$status" -eq 0 ]
	[ "${lines[1]%%,*}" = "" ]
	run --separate-stderr cmp-stats --partial --table tickets.csv
	[ "$status" -eq 64 ]
	cmp-stats --partial --by category tickets.csv >p.csv
	local opt
	for opt in "--by category" "--stage reply" "--from 2026-11-01" "--to 2026-11-01" "--where status=new" --partial; do
		# shellcheck disable=SC2086 # the option and its value
		run --separate-stderr cmp-stats --merge $opt p.csv
		[ "$status" -eq 64 ]
		[ -z "$output" ]
	done
	[ "${stderr%%$'\n'*}" = "cmp-stats: --partial writes records for --merge: no --table or --merge" ]
}

@test "bad records exit 65 naming the ticket or the line" {
	printf 'id,received_at,status\nX1,2026-11-01T10:00:00+08:00,new\nX2,soon,new\n' >bad.csv
	run --separate-stderr cmp-stats bad.csv
	[ "$status" -eq 65 ]
	[ -z "$output" ]
	[ "$stderr" = 'cmp-stats: X2: received_at: "soon" is not a time' ]
	printf 'id,received_at,status,resolved_at\nX1,2026-11-01T10:00:00+08:00,resolved,2026-11-01 25:00\n' >bad.csv
	run --separate-stderr cmp-stats bad.csv
	[ "$status" -eq 65 ]
	[ "$stderr" = 'cmp-stats: X1: resolved_at: "2026-11-01 25:00" is not a time' ]
	printf 'id,received_at,status,escalation\nX1,2026-11-01T10:00:00+08:00,new,high\n' >bad.csv
	run --separate-stderr cmp-stats bad.csv
	[ "$status" -eq 65 ]
	[ "$stderr" = 'cmp-stats: X1: escalation: "high" is not a count' ]
	printf 'id,received_at,status\nX1,2026-11-01T10:00:00+08:00,new,extra\n' >bad.csv
	run --separate-stderr cmp-stats bad.csv
	[ "$status" -eq 65 ]
	[ "$stderr" = 'cmp-stats: bad.csv:2: 4 fields, but the header has 3' ]
}

@test "--merge refuses what is not a partial, and partials of another --by or --stage (65)" {
	tickets
	cmp-stats --partial --by category tickets.csv >by-category.csv
	cmp-stats --partial --by month tickets.csv >by-month.csv
	cmp-stats --partial --by category --stage reply tickets.csv >reply.csv
	run --separate-stderr cmp-stats --merge by-category.csv by-month.csv
	[ "$status" -eq 65 ]
	[ -z "$output" ]
	[ "$stderr" = "cmp-stats: by-month.csv:2: a partial of --by month --stage resolve does not merge with --by category --stage resolve" ]
	run --separate-stderr cmp-stats --merge by-category.csv reply.csv
	[ "$status" -eq 65 ]
	[ "$stderr" = "cmp-stats: reply.csv:2: a partial of --by category --stage reply does not merge with --by category --stage resolve" ]
	run --separate-stderr cmp-stats --merge tickets.csv
	[ "$status" -eq 65 ]
	[ "$stderr" = 'cmp-stats: tickets.csv:2: not a cmp-stats --partial record (kind "")' ]
	sed '2s/,resolve,network,4,1,3,/,resolve,network,4,1,x,/' by-category.csv >broken.csv
	run --separate-stderr cmp-stats --merge broken.csv
	[ "$status" -eq 65 ]
	[ "$stderr" = 'cmp-stats: broken.csv:2: resolved: "x" is not a number (not a cmp-stats --partial?)' ]
}

@test "the partial of the hand-made tickets: groups, seconds, contacts" {
	tickets
	run --separate-stderr cmp-stats --partial --by category --from 2026-11-01 tickets.csv
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "kind,by,stage,category,count,open,resolved,closed,met,on_time,escalated,rated,pleased,reopened,seconds,who,at,tie,in" ]
	# Groups in order of first appearance, seconds unsorted; then one
	# contact per ticket with a phone or customer, "in" 0 for those
	# before --from (looked back at only).
	[ "${lines[1]}" = "group,category,resolve,network,2,1,1,0,1,0,1,0,0,0,108000,,,," ]
	[ "${lines[3]}" = "group,category,resolve,service,2,0,2,1,2,2,0,2,1,1,28800 100800,,,," ]
	[ "${lines[4]}" = "contact,category,resolve,,,,,,,,,,,,,13800000001,1790989200,cb9c001329eb3256,0" ]
	[ "${#lines[@]}" -eq 18 ]
	printf '%s\n' "${lines[@]}" >partial.csv
	run --separate-stderr cmp-stats --merge --table partial.csv
	[ "$status" -eq 0 ]
	[ "${lines[1]}" = "billing   3      0.4286  2     1         0.3333         1       1    1        1.0000        12.00       12.00         12.00      0.0000          0.0000       0          2" ]
}

@test "a full stdout is an I/O error (74); a missing file 66" {
	tickets
	run --separate-stderr bash -c 'cmp-stats --by category tickets.csv >/dev/full'
	[ "$status" -eq 74 ]
	[ "$stderr" = "cmp-stats: stdout: write error: No space left on device" ]
	run --separate-stderr cmp-stats nosuch.csv
	[ "$status" -eq 66 ]
	[ "$stderr" = "cmp-stats: nosuch.csv: No such file or directory" ]
}

@test "nothing counted prints nothing, as records or as a table, and exits 0" {
	tickets
	run --separate-stderr cmp-stats --from 2027-01-01 --by category tickets.csv
	[ "$status" -eq 0 ]
	[ "$output" = "" ]
	run --separate-stderr cmp-stats --where category=safety --table tickets.csv
	[ "$status" -eq 0 ]
	[ "$output" = "" ]
	[ "$stderr" = "" ]
}

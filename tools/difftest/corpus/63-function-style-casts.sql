-- Function-style casts: typename(x) where no function of that name takes x (date(ts), int4('5'), text(12), inet(cidr)), and the errors when no cast exists
select date(now()) = current_date, date('2020-01-02 10:00'), int4('5'), text(12), bool('t'), float8(2), int8(5::int2), int4(2.5), date('2020-01-02'::timestamp);
select inet('10.0.0.0/8'::cidr), cidr('10.1.2.3/8'), uuid('a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'), jsonb('{"a":1}'), int2(7), varchar(12);
select int4(now());
select date(1);
select pg_catalog.int4('7');
select int4('x');
select foo(1);
create table fc (ts timestamptz, n numeric);
insert into fc values ('2024-03-01 10:00+00', 2.5), ('2024-03-01 23:00+00', 3.5), ('2024-03-02 01:00+00', null);
select date(ts), count(*), sum(int4(n)) from fc group by date(ts) order by 1;
select text(n), varchar(n) from fc order by 1;

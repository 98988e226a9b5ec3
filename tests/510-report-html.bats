#!/usr/bin/env bats
# cmp-report --format html: one self-contained file (no network, no
# script), a print style, and charts that a real browser lays out with a
# size: the report of a store made from the shipped sample, opened in
# headless Chromium.  The report carries no script; the layout is measured
# by a wrapper page made here, which frames the report and writes the
# boxes of its charts into its own DOM for --dump-dom.
load helper

# The sample in a store, some of it dispatched and resolved, so that every
# chart has bars: the trend, the categories, and a ranking by resolution.
make_report() {
	mkdir "$STORE"
	printf '[report]\nrank_by = resolved_rate\n' >"$STORE/cmp.conf"
	cmp-new -d "$STORE" "$SAMPLE" >/dev/null
	cmp-assign -d "$STORE" --where category=network --dept 网络部 >/dev/null
	cmp-assign -d "$STORE" --where category=billing --dept 市场部 >/dev/null
	cmp-assign -d "$STORE" --where category=service --dept 服务部 >/dev/null
	cmp-close -d "$STORE" --where 'department=网络部,region~^(朝阳|海淀)' --resolution 已处理 >/dev/null
	cmp-close -d "$STORE" --where 'department=市场部,channel=hotline' --resolution 已退费 >/dev/null
	cmp-report -d "$STORE" --period 2026-11 --format html >report.html
}

# Chromium, or skip visibly.
need_chromium() {
	CHROMIUM=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
	[ -n "$CHROMIUM" ] || skip "chromium is not installed: the HTML report is not rendered here"
}

@test "the HTML report is one self-contained file with a print style and three charts" {
	make_report
	run grep -Eic 'https?:' report.html
	[ "$output" = 0 ]
	run grep -Eic '<script|<link|<img|<iframe| src=| href=|@import|url\(' report.html
	[ "$output" = 0 ]
	grep -Fq '@media print{' report.html
	grep -Fq '@page{size:A4' report.html
	[ "$(grep -c '<svg ' report.html)" -eq 3 ]
	grep -Fq '<figure class="chart" id="chart-trend">' report.html
	grep -Fq '<figure class="chart" id="chart-category">' report.html
	grep -Fq '<figure class="chart" id="chart-ranking">' report.html
	[ "$(head -n 1 report.html)" = "<!DOCTYPE html>" ]
	[ "$(tail -n 1 report.html)" = "</html>" ]
}

@test "every chart has a size in Chromium, and so do its bars" {
	need_chromium
	make_report
	cat >wrap.html <<'EOF'
<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>layout</title></head>
<body>
<iframe id="report" src="report.html" width="1200" height="3000"></iframe>
<pre id="boxes"></pre>
<script>
document.getElementById('report').addEventListener('load', function () {
	var out = [];
	this.contentDocument.querySelectorAll('svg').forEach(function (svg) {
		var b = svg.getBoundingClientRect(), bars = 0, sized = 0;
		svg.querySelectorAll('rect, path').forEach(function (c) {
			var k = c.getBoundingClientRect();
			bars++;
			if (k.width > 0 && k.height > 0)
				sized++;
		});
		out.push(['svg', svg.parentNode.id, Math.round(b.width), Math.round(b.height), bars, sized].join(' '));
	});
	document.getElementById('boxes').textContent = out.join('\n');
});
</script>
</body></html>
EOF
	run --separate-stderr timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu \
	    --allow-file-access-from-files --dump-dom "file://$PWD/wrap.html"
	[ "$status" -eq 0 ]
	boxes=$(sed -n '/<pre id="boxes">/,/<\/pre>/p' <<<"$output" | grep -o 'svg chart-[a-z]* [0-9]* [0-9]* [0-9]* [0-9]*')
	echo "$boxes"
	[ "$(wc -l <<<"$boxes")" -eq 3 ]
	while read -r _ id w h shapes sized; do
		[ "$w" -gt 0 ] && [ "$h" -gt 0 ] || { echo "$id: $w x $h"; false; }
		# The frame and at least one bar are drawn with an area.
		[ "$sized" -ge 2 ] || { echo "$id: $sized of $shapes shapes have an area"; false; }
	done <<<"$boxes"
	grep -q '^svg chart-trend 720 260 ' <<<"$boxes"
}

@test "a screenshot of the report is a non-empty PNG" {
	need_chromium
	make_report
	run --separate-stderr timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu \
	    --screenshot="$PWD/report.png" --window-size=1200,3000 "file://$PWD/report.html"
	[ "$status" -eq 0 ]
	[ -s report.png ]
	[ "$(head -c 8 report.png | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ]
	[ "$(stat -c %s report.png)" -gt 10000 ]
}

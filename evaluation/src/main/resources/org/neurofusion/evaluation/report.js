/*
 * neurofusion report.html: draws every chart div (class "chart") from the JSON in #report-data with ECharts.
 * data-kind names the drawing, data-index the item of its data. Each chart that is drawn gets data-drawn="true";
 * at the end the body gets data-charts (the number drawn) and, when all were drawn without error, data-ready.
 * Tooltips are HTML, so every name that reaches one goes through esc().
 */
(function () {
  'use strict';
  var body = document.body;

  function recordError(message) {
    body.dataset.errors = (body.dataset.errors ? body.dataset.errors + ' | ' : '') + message;
  }
  window.addEventListener('unhandledrejection', function (e) {
    recordError('unhandled rejection: ' + e.reason);
  });

  var data;
  try {
    data = JSON.parse(document.getElementById('report-data').textContent);
  } catch (e) {
    recordError('report data: ' + e.message);
    return;
  }
  var chance = data.chance.level;
  var bound = data.chance.bound;
  var PALETTE = ['#4e79a7', '#f28e2b', '#e15759', '#59a14f', '#b07aa1', '#76b7b2', '#edc948', '#9c755f',
    '#ff9da7', '#bab0ac', '#1f4e79', '#a0522d', '#8b1a1a', '#2e6b27', '#6b3d64', '#2f6f6a', '#a68a00', '#5e4433',
    '#c45c6a', '#6f6a66'];

  function colour(i) {
    return PALETTE[i % PALETTE.length];
  }

  function esc(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return {'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;'}[c];
    });
  }

  /** An accuracy difference in percentage points, signed; a difference that rounds to zero reads ±0.0. */
  function signedPoints(d) {
    var r = (100 * d).toFixed(1);
    return (Number(r) === 0 ? '±0.0' : (d > 0 ? '+' : '') + r) + ' pts';
  }

  function pct(x) {
    return (100 * x).toFixed(1) + ' %';
  }

  /** The lower end of an accuracy axis: a tenth below the smallest value shown, never below 0. */
  function floorTenth(values) {
    return Math.max(0, Math.floor(Math.min.apply(null, values) * 10 - 1e-9) / 10);
  }

  function base(option) {
    var o = {
      animation: false,
      color: PALETTE,
      textStyle: {fontFamily: 'system-ui, -apple-system, "Segoe UI", Helvetica, Arial, sans-serif'},
      tooltip: {trigger: 'item', confine: true}
    };
    for (var k in option) {
      if (k === 'tooltip') {
        for (var t in option.tooltip) {
          o.tooltip[t] = option.tooltip[t];
        }
      } else {
        o[k] = option[k];
      }
    }
    return o;
  }

  function chanceLines(withBound) {
    var lines = [{yAxis: chance, name: 'chance\n' + pct(chance)}];
    if (withBound && bound > chance) {
      lines.push({yAxis: bound, name: '95 % bound\n' + pct(bound)});
    }
    return {
      silent: true, symbol: 'none', animation: false,
      lineStyle: {type: 'dashed', color: '#888', width: 1},
      label: {position: 'end', formatter: '{b}', color: '#555', fontSize: 11, lineHeight: 14},
      data: lines
    };
  }

  /**
   * Two x axes over the same span: a category axis that shows the names, and a hidden value axis (index 1) on which
   * the series place dots spread around each category (category i sits at value i).
   */
  function namedAxes(names, title, rotate) {
    return [{
      type: 'category', data: names, name: title, nameLocation: 'middle', nameGap: rotate ? 84 : 32,
      axisTick: {show: false},
      axisLabel: {
        interval: 0, rotate: rotate ? 25 : 0, fontSize: 12, overflow: 'truncate',
        width: rotate ? 170 : Math.max(60, Math.floor(900 / names.length))
      }
    }, {type: 'value', min: -0.5, max: names.length - 0.5, show: false, axisLine: {onZero: false}}];
  }

  function accuracyAxis(min, title) {
    return {
      type: 'value', min: min, max: 1, name: title || 'accuracy', nameLocation: 'middle', nameGap: 44,
      axisLine: {onZero: false},
      axisLabel: {formatter: function (v) { return Math.round(100 * v) + ' %'; }}
    };
  }

  function subjectAccuracy(i) {
    var p = data.protocols[i];
    var nc = p.conditions.length;
    var ns = p.subjects.length;
    var spread = Math.min(0.5, 0.06 * ns);
    var rotate = nc > 5 || p.conditions.some(function (c) { return c.length > 18; });
    var points = p.points.map(function (q) {
      var off = ns < 2 ? 0 : (q[2] / (ns - 1) - 0.5) * spread;
      return {value: [q[0] + off, q[1]], subject: p.subjects[q[2]], condition: p.conditions[q[0]]};
    });
    var means = p.mean.map(function (m, c) {
      return {value: [c, m], condition: p.conditions[c], std: p.std[c], n: p.n[c]};
    });
    var lo = floorTenth(p.points.map(function (q) { return q[1]; }).concat([chance]));
    return base({
      grid: {left: 70, right: 90, top: 36, bottom: rotate ? 100 : 56},
      legend: {top: 0, data: ['subject', 'mean over subjects']},
      tooltip: {
        formatter: function (q) {
          if (q.seriesName === 'subject') {
            return 'subject ' + esc(q.data.subject) + '<br>' + esc(q.data.condition) + ': ' + pct(q.value[1]);
          }
          return esc(q.data.condition) + '<br>mean ' + pct(q.value[1]) + ' ± ' + pct(q.data.std) + ' over '
            + q.data.n + ' subjects';
        }
      },
      xAxis: namedAxes(p.conditions, 'condition', rotate),
      yAxis: accuracyAxis(lo),
      series: [
        {type: 'scatter', name: 'subject', xAxisIndex: 1, data: points, symbolSize: 8,
          itemStyle: {color: '#4e79a7', opacity: 0.75}},
        {type: 'scatter', name: 'mean over subjects', xAxisIndex: 1, data: means, symbol: 'rect',
          symbolSize: [Math.max(24, Math.min(70, 500 / nc)), 3], itemStyle: {color: '#111'}, z: 5,
          markLine: chanceLines(true)}
      ]
    });
  }

  function frozenVersusFineTuned() {
    var f = data.frozenVersusFineTuned;
    var all = [chance];
    f.series.forEach(function (s) {
      s.points.forEach(function (q) { all.push(q[0], q[1]); });
    });
    var lo = floorTenth(all);
    var series = f.series.map(function (s) {
      return {
        type: 'scatter', name: 'protocol ' + s.protocol, symbolSize: 10,
        data: s.points.map(function (q) { return {value: [q[0], q[1]], subject: q[2]}; })
      };
    });
    series.push({type: 'line', name: 'y = x (no difference)', data: [[lo, lo], [1, 1]], symbol: 'none', silent: true,
      lineStyle: {color: '#999', type: 'dashed', width: 1}, itemStyle: {color: '#999'}, tooltip: {show: false}});
    return base({
      grid: {left: 'center', top: 40, width: 360, height: 360},
      legend: {top: 0},
      tooltip: {
        formatter: function (q) {
          return 'subject ' + esc(q.data.subject) + ' (' + esc(q.seriesName) + ')<br>' + esc(f.frozen) + ': '
            + pct(q.value[0]) + '<br>' + esc(f.fineTuned) + ': ' + pct(q.value[1]);
        }
      },
      xAxis: accuracyAxis(lo, f.frozen + ' accuracy'),
      yAxis: accuracyAxis(lo, f.fineTuned + ' accuracy'),
      series: series
    });
  }

  function errorBar(colourOf) {
    return function (params, api) {
      var x = api.value(0);
      var low = api.coord([x, api.value(1)]);
      var high = api.coord([x, api.value(2)]);
      var style = {stroke: colourOf, lineWidth: 1.5};
      return {
        type: 'group', children: [
          {type: 'line', shape: {x1: low[0], y1: low[1], x2: high[0], y2: high[1]}, style: style},
          {type: 'line', shape: {x1: low[0] - 5, y1: low[1], x2: low[0] + 5, y2: low[1]}, style: style},
          {type: 'line', shape: {x1: high[0] - 5, y1: high[1], x2: high[0] + 5, y2: high[1]}, style: style}
        ]
      };
    };
  }

  function fewShot() {
    var fs = data.fewShot;
    var names = fs.ks.map(function (k) { return k === 0 ? '0 (LOSO)' : String(k); });
    var nc = fs.series.length;
    var step = Math.min(0.08, 0.4 / Math.max(1, nc));
    var all = [chance];
    var series = [];
    fs.series.forEach(function (s, c) {
      var dx = (c - (nc - 1) / 2) * step;
      var col = colour(c);
      s.points.forEach(function (p) { all.push(p.min); });
      series.push({
        type: 'line', name: s.condition, xAxisIndex: 1, symbolSize: 7, lineStyle: {width: 2, color: col},
        itemStyle: {color: col},
        data: s.points.map(function (p) { return {value: [fs.ks.indexOf(p.k) + dx, p.mean], point: p}; }),
        markLine: c === 0 ? chanceLines(true) : undefined, z: 3
      });
      series.push({
        type: 'custom', name: s.condition, xAxisIndex: 1, renderItem: errorBar(col), encode: {x: 0, y: [1, 2]},
        z: 2,
        silent: true, tooltip: {show: false}, itemStyle: {color: col},
        data: s.points.map(function (p) { return [fs.ks.indexOf(p.k) + dx, p.min, p.max]; })
      });
    });
    return base({
      grid: {left: 70, right: 90, top: 40, bottom: 56},
      legend: {top: 0, type: 'scroll', data: fs.series.map(function (s) { return s.condition; })},
      tooltip: {
        formatter: function (q) {
          var p = q.data.point;
          return esc(q.seriesName) + ', k = ' + p.k + '<br>mean ' + pct(p.mean) + ' ± ' + pct(p.std) + '<br>range '
            + pct(p.min) + ' – ' + pct(p.max) + ' over ' + p.subjects + ' subjects';
        }
      },
      xAxis: namedAxes(names, 'k: labelled trials per class of the held-out subject', false),
      yAxis: accuracyAxis(floorTenth(all)),
      series: series
    });
  }

  function confusion(i) {
    var cf = data.confusion;
    var m = cf.matrices[i];
    var cells = [];
    m.counts.forEach(function (row, t) {
      var total = row.reduce(function (a, b) { return a + b; }, 0);
      row.forEach(function (count, p) {
        var share = total > 0 ? count / total : 0;
        cells.push({value: [p, t, share, count], label: {color: share > 0.55 ? '#fff' : '#222'}});
      });
    });
    var longest = Math.max.apply(null, cf.classes.map(function (c) { return String(c).length; }));
    return base({
      grid: {left: Math.min(200, 40 + 7 * longest), right: 20, top: 10, bottom: 50},
      tooltip: {
        formatter: function (q) {
          return 'true ' + esc(cf.classes[q.value[1]]) + ', predicted ' + esc(cf.classes[q.value[0]]) + '<br>'
            + q.value[3] + ' windows, ' + pct(q.value[2]) + ' of the true class';
        }
      },
      xAxis: {type: 'category', data: cf.classes, name: 'predicted class', nameLocation: 'middle', nameGap: 30,
        splitArea: {show: false}},
      yAxis: {type: 'category', data: cf.classes, inverse: true, name: 'true class', nameLocation: 'middle',
        nameGap: Math.min(185, 25 + 7 * longest)},
      visualMap: {show: false, min: 0, max: 1, dimension: 2, inRange: {color: ['#f4f8fc', '#1f4e79']}},
      series: [{
        type: 'heatmap', data: cells, itemStyle: {borderColor: '#fff', borderWidth: 2},
        label: {
          show: true, fontSize: 13, lineHeight: 18, textBorderWidth: 0,
          formatter: function (q) { return q.value[3] + '\n' + Math.round(100 * q.value[2]) + ' %'; }
        }
      }]
    });
  }

  function trainingLoss() {
    var series = data.training.filter(function (r) { return r.loss.length > 0; }).map(function (r) {
      return {type: 'line', name: r.label, data: r.loss, showSymbol: r.loss.length <= 40, symbolSize: 5};
    });
    return base({
      grid: {left: 70, right: 30, top: 40, bottom: 56},
      legend: {top: 0, type: 'scroll'},
      tooltip: {
        formatter: function (q) {
          return esc(q.seriesName) + '<br>step ' + q.value[0] + ': loss ' + Number(q.value[1]).toPrecision(4);
        }
      },
      xAxis: {type: 'value', name: 'optimizer step', nameLocation: 'middle', nameGap: 30, axisLine: {onZero: false}},
      yAxis: {type: 'value', name: 'loss', nameLocation: 'middle', nameGap: 50, scale: true,
        axisLine: {onZero: false}},
      series: series
    });
  }

  function trainingAccuracy() {
    var series = [];
    var all = [chance];
    data.training.forEach(function (r, i) {
      var col = colour(i);
      r.accuracy.concat(r.balancedAccuracy).forEach(function (p) {
        if (p[1] !== null) { all.push(p[1]); }
      });
      series.push({type: 'line', name: r.label, data: r.accuracy, showSymbol: r.accuracy.length <= 40,
        symbolSize: 5, lineStyle: {color: col, width: 2}, itemStyle: {color: col},
        markLine: i === 0 ? chanceLines(false) : undefined});
      series.push({type: 'line', name: r.label, data: r.balancedAccuracy, showSymbol: false,
        lineStyle: {color: col, width: 1.5, type: 'dashed'}, itemStyle: {color: col}});
    });
    return base({
      grid: {left: 70, right: 90, top: 40, bottom: 56},
      legend: {top: 0, type: 'scroll', data: data.training.map(function (r) { return r.label; })},
      tooltip: {
        formatter: function (q) {
          var what = q.seriesIndex % 2 === 0 ? 'accuracy' : 'balanced accuracy';
          return esc(q.seriesName) + '<br>step ' + q.value[0] + ': ' + what + ' ' + pct(q.value[1]);
        }
      },
      xAxis: {type: 'value', name: 'optimizer step', nameLocation: 'middle', nameGap: 30, axisLine: {onZero: false}},
      yAxis: accuracyAxis(floorTenth(all), 'held-out accuracy'),
      series: series
    });
  }

  function latent(by) {
    var L = data.latent;
    var names = [L.modalities, L.labels, L.subjects][by];
    var what = ['modality', 'class', 'subject'][by];
    var dim = 2 + by;
    var size = L.points.length > 3000 ? 3 : 6;
    var series = names.map(function (name, j) {
      return {
        type: 'scatter', name: name, symbolSize: size, itemStyle: {opacity: 0.7},
        data: L.points.filter(function (p) { return p[dim] === j; })
      };
    });
    return base({
      grid: {left: 60, right: 20, top: names.length > 6 ? 56 : 40, bottom: 50},
      legend: {top: 0, type: names.length > 6 ? 'scroll' : 'plain', data: names},
      tooltip: {
        formatter: function (q) {
          var p = q.value;
          return what + ' ' + esc(q.seriesName) + '<br>modality ' + esc(L.modalities[p[2]]) + ', class '
            + esc(L.labels[p[3]]) + ', subject ' + esc(L.subjects[p[4]]);
        }
      },
      xAxis: {type: 'value', scale: true, name: 'dimension 1', nameLocation: 'middle', nameGap: 30,
        splitLine: {show: false}, axisLine: {onZero: false}},
      yAxis: {type: 'value', scale: true, name: 'dimension 2', nameLocation: 'middle', nameGap: 40,
        splitLine: {show: false}, axisLine: {onZero: false}},
      series: series
    });
  }

  function distillation(i) {
    var D = data.distillation;
    var rows = D.means[i];
    var all = [chance];
    var series = D.conditions.map(function (c, j) {
      var points = [];
      rows[j].mean.forEach(function (v, l) {
        if (v !== null) {
          points.push({value: [l, v], n: rows[j].n[l]});
          all.push(v);
        }
      });
      return {type: 'line', name: c, xAxisIndex: 1, data: points, symbolSize: 7,
        markLine: j === 0 ? chanceLines(false) : undefined};
    });
    return base({
      grid: {left: 70, right: 90, top: 40, bottom: 56},
      legend: {top: 0, type: 'scroll'},
      tooltip: {
        formatter: function (q) {
          return esc(q.seriesName) + ', ' + esc(D.labelled[Math.round(q.value[0])]) + ' labelled per class<br>mean '
            + pct(q.value[1]) + ' over ' + q.data.n + ' subject × seed runs';
        }
      },
      xAxis: namedAxes(D.labelled, 'labelled windows per class and training subject', false),
      yAxis: accuracyAxis(floorTenth(all), 'mean held-out accuracy'),
      series: series
    });
  }

  function distillationGain() {
    var D = data.distillation;
    var g = D.gain;
    var max = 0.01;
    g.cells.forEach(function (c) { max = Math.max(max, Math.abs(c[2])); });
    // dark cells (far from zero) get white text
    var cells = g.cells.map(function (c) {
      return {value: c, label: {color: Math.abs(c[2]) > 0.6 * max ? '#fff' : '#222'}};
    });
    return base({
      grid: {left: 110, right: 30, top: 10, bottom: 90},
      tooltip: {
        formatter: function (q) {
          var c = q.value;
          return esc(g.a) + ' − ' + esc(g.b) + '<br>shared fraction ' + D.fractions[c[1]] + ', ' + esc(D.labelled[c[0]])
            + ' labelled per class<br>' + signedPoints(c[2]) + ' over ' + c[3] + ' pairs';
        }
      },
      xAxis: {type: 'category', data: D.labelled, name: 'labelled windows per class and training subject',
        nameLocation: 'middle', nameGap: 30},
      yAxis: {type: 'category', data: D.fractions.map(String), name: 'shared fraction', nameLocation: 'middle',
        nameGap: 60},
      visualMap: {
        min: -max, max: max, dimension: 2, orient: 'horizontal', left: 'center', bottom: 0, itemHeight: 200,
        calculable: false, text: [g.a + ' better', g.b + ' better'],
        inRange: {color: ['#2166ac', '#f7f7f7', '#b2182b']},
        formatter: function (v) { return (v >= 0 ? '+' : '') + (100 * v).toFixed(1); }
      },
      series: [{
        type: 'heatmap', data: cells, itemStyle: {borderColor: '#fff', borderWidth: 2},
        label: {
          show: true, fontSize: 12, lineHeight: 16, textBorderWidth: 0,
          formatter: function (q) {
            return signedPoints(q.value[2]) + '\nn = ' + q.value[3];
          }
        }
      }]
    });
  }

  var builders = {
    subjectAccuracy: subjectAccuracy, frozenVersusFineTuned: frozenVersusFineTuned, fewShot: fewShot,
    confusion: confusion, trainingLoss: trainingLoss, trainingAccuracy: trainingAccuracy, latent: latent,
    distillation: distillation, distillationGain: distillationGain
  };
  var divs = Array.prototype.slice.call(document.querySelectorAll('div.chart'));
  var charts = [];
  divs.forEach(function (div) {
    try {
      var build = builders[div.dataset.kind];
      if (!build) {
        throw new Error('unknown chart kind ' + div.dataset.kind);
      }
      var chart = echarts.init(div, null, {renderer: 'canvas'});
      chart.setOption(build(Number(div.dataset.index)));
      charts.push(chart);
      div.dataset.drawn = 'true';
    } catch (e) {
      recordError(div.id + ': ' + (e && e.message ? e.message : e));
    }
  });
  body.dataset.charts = String(charts.length);
  if (charts.length === divs.length && !body.dataset.errors) {
    body.dataset.ready = 'true';
  }
  window.addEventListener('resize', function () {
    charts.forEach(function (c) { c.resize(); });
  });
})();

#include "sweep/point_table.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

namespace nimbus {
namespace {

enum class Kind { Time, Ratio, Percent, Energy, Count };

struct Column {
  const char* metric;
  const char* title;
  Kind kind;
};

// The main metrics, in the order of the run summary `nimbus run` prints.
const Column kColumns[] = {
    {"makespan", "makespan", Kind::Time},
    {"wait.mean", "wait mean", Kind::Time},
    {"wait.p95", "wait p95", Kind::Time},
    {"response.mean", "response mean", Kind::Time},
    {"bounded_slowdown.mean", "bounded slowdown", Kind::Ratio},
    {"utilization", "utilization", Kind::Percent},
    {"energy_j", "energy", Kind::Energy},
    {"tasks.failed", "failed tasks", Kind::Count},
};

struct Unit {
  const char* name;
  double scale;  // value / scale is shown
};

// One unit for the whole column, from its largest value: columns compare at a glance.
Unit unit_for(Kind kind, double largest) {
  switch (kind) {
    case Kind::Time:
      if (largest < 1) return {"ms", 1e-3};
      if (largest < 600) return {"s", 1};
      if (largest < 6000) return {"min", 60};
      if (largest < 360000) return {"h", 3600};
      return {"d", 86400};
    case Kind::Percent: return {"%", 0.01};
    case Kind::Energy: return largest < 3.6e6 ? Unit{"Wh", 3600} : Unit{"kWh", 3.6e6};
    default: return {"", 1};
  }
}

// "456 ± 150", "1.0030 ± 0.0043": the half-width to two significant digits, the mean to the
// same decimal place (digits below the interval's are noise). Without an interval, four
// significant digits. Never an exponent: a student compares these by eye.
std::string mean_and_interval(double mean, double half_width, bool whole) {
  char text[64];
  if (whole || mean == 0) {
    std::snprintf(text, sizeof text, "%.0f", mean);
  } else if (half_width > 0 && std::isfinite(half_width)) {
    const int decimals = std::clamp(1 - static_cast<int>(std::floor(std::log10(half_width))), 0, 9);
    std::snprintf(text, sizeof text, "%.*f ± %.*f", decimals, mean, decimals, half_width);
  } else {
    const double magnitude = mean == 0 ? 0 : std::floor(std::log10(std::fabs(mean)));
    const int decimals = std::clamp(3 - static_cast<int>(magnitude), 0, 9);
    std::snprintf(text, sizeof text, "%.*f", decimals, mean);
  }
  return text;
}

// Display width: "±" is two bytes and one column.
std::size_t width_of(const std::string& text) {
  std::size_t n = 0;
  for (const char c : text) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

std::string shown(const std::string& value) {
  // A platform path shows as its file's name: "../platforms/heterogeneous.yaml" -> "heterogeneous".
  const auto slash = value.find_last_of('/');
  if (slash == std::string::npos) return value;
  std::string name = value.substr(slash + 1);
  return name.substr(0, name.find('.'));
}

}  // namespace

void print_point_table(std::ostream& out, const Plan& plan, const std::vector<PointSummary>& points) {
  std::vector<std::vector<std::string>> rows(points.size() + 1);
  std::vector<bool> right;
  for (std::size_t c = 0; c < plan.axis_columns; ++c) {
    rows[0].push_back(plan.columns[c]);
    right.push_back(false);
    for (std::size_t p = 0; p < points.size(); ++p) rows[p + 1].push_back(shown(points[p].axis_values[c]));
  }
  for (const Column& column : kColumns) {
    double largest = 0;
    bool any = false, nonzero = false;
    for (const auto& p : points) {
      if (const auto it = p.metrics.find(column.metric); it != p.metrics.end()) {
        any = true;
        largest = std::max(largest, std::fabs(it->second.mean));
        nonzero = nonzero || it->second.mean != 0;
      }
    }
    if (!any || !nonzero) continue;  // zero everywhere tells nothing (no waits, no failed tasks)
    const Unit unit = unit_for(column.kind, largest);
    rows[0].push_back(std::string(column.title) + (unit.name[0] ? std::string(" (") + unit.name + ")" : ""));
    right.push_back(true);
    for (std::size_t p = 0; p < points.size(); ++p) {
      const auto it = points[p].metrics.find(column.metric);
      std::string cell = "-";
      if (it != points[p].metrics.end()) {
        const MeanCi& m = it->second;
        cell = mean_and_interval(m.mean / unit.scale, m.n > 1 ? m.ci95 / unit.scale : 0, column.kind == Kind::Count);
      }
      rows[p + 1].push_back(cell);
    }
  }
  std::vector<std::size_t> width(right.size(), 0);
  for (const auto& row : rows)
    for (std::size_t c = 0; c < row.size(); ++c) width[c] = std::max(width[c], width_of(row[c]));
  for (const auto& row : rows) {
    std::string line = " ";
    for (std::size_t c = 0; c < row.size(); ++c) {
      const std::string pad(width[c] - width_of(row[c]), ' ');
      line += " " + (right[c] ? pad + row[c] : row[c] + pad) + " ";
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out << line << '\n';
  }
}

}  // namespace nimbus

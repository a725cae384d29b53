// Screens one name against the bundled lists with the embargo library: exit 1 on an alert.
#include <embargo/lists.h>
#include <embargo/screener.h>

#include <iostream>

int main(int argc, char** argv) {
  auto lists = embargo::LoadListDirectory(EMBARGO_LISTS_DIR);
  if (!lists.ok()) return std::cerr << lists.status().ToString() << "\n", 2;
  auto screener = embargo::Screener::Build(std::move(*lists));
  if (!screener.ok()) return std::cerr << screener.status().ToString() << "\n", 2;
  auto result = (*screener)->Screen({.name = argc > 1 ? argv[1] : "Vladimir Putin"});
  if (!result.ok()) return std::cerr << result.status().ToString() << "\n", 2;
  for (const embargo::Hit& hit : result->hits) std::cout << hit.score << "\t" << hit.entity->id << "\t" << hit.entity->caption() << "\n";
  return result->alert ? 1 : 0;
}
